/**
 * A proofreader for the texts the PR shows: reads the prose of rendered Markdown (code spans, code
 * blocks, HTML comments, tags and table rules set aside) and returns what a careful reader would
 * mark. Rules are few and each names a real mistake this project made or could make.
 */

export interface Finding {
  rule: string;
  text: string;
}

/** The prose of a Markdown text, one line per line, with code and markup replaced by a placeholder. */
export function prose(markdown: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const raw of markdown.split('\n')) {
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (fence) {
      if (fenceMark && fenceMark[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark[1]!;
      continue;
    }
    const line = raw
      .replace(/<!--.*?-->/g, '')
      .replace(/<code>.*?<\/code>/g, 'X')
      .replace(/`[^`]*`/g, 'X')
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/&[a-z]+;|&#\d+;/g, "'")
      .replace(/^\s*>\s?(\[![A-Z]+\])?/, '')
      .replace(/^\s*[-*]\s+/, '')
      .replace(/^#+\s*/, '')
      .trim();
    if (/^\|?[\s|:-]*$/.test(line)) continue; // table rules, empty lines
    out.push(line);
  }
  return out;
}

const RULES: { rule: string; test: RegExp }[] = [
  { rule: '"was" with a past tense ("was already existed")', test: /\b(was|is|were) (already )?existed\b/i },
  // words only: "2026-12-06 06:12" (a date on the 6th, at 6 o'clock) repeats a number, not a word
  { rule: 'a word twice in a row', test: /\b([a-z]\w*) \1\b/i },
  { rule: 'a count with "(s)" instead of the right noun form', test: /\(s\)/ },
  { rule: '"1" with a plural noun', test: /\b1 (changes|branches|snapshots|deployments|rows|lines)\b/ },
  {
    rule: 'a number other than 1 with a singular noun',
    test: /\b(0|[2-9]|\d{2,}) (more )?(flagged )?(change|branch|snapshot|deployment|row|line)\b(?!-)/,
  },
  { rule: 'a plural count with "was" or "is"', test: /\b(0|[2-9]|\d{2,}) (more )?(flagged )?\w+s (of it )?(was|is)\b/ },
  { rule: 'a count of one with "were" or "are"', test: /\b1 (more )?(flagged )?\w+ (of it )?(were|are)\b/ },
  { rule: '"a" before a vowel sound', test: /\ba (?=[aei]|o(?!ne)|u(?!s|ni))/i },
  { rule: '"an" before a consonant sound', test: /\ban (?=[bcdfgjklmnpqrstvwxyz])/i },
  { rule: 'a space before punctuation', test: / [,.;:!?](\s|$)/ },
  { rule: 'two spaces', test: /^[^|].*\S {2,}\S/ },
  { rule: 'a placeholder left in a sentence', test: /\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]/ },
  // an input name (`fail-on: …`) may start a log line
  { rule: 'a sentence that starts lower-case', test: /^(?![a-z]+(-[a-z]+)+\b)[a-z]/ },
];

export function proofread(markdown: string): Finding[] {
  const findings: Finding[] = [];
  for (const line of prose(markdown))
    for (const { rule, test } of RULES) if (test.test(line)) findings.push({ rule, text: line });
  return findings;
}
