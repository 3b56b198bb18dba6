/**
 * The two comments of a pull request as documents of sections, pure. A comment starts with its
 * marker line; each section sits between an opening line that carries its key and a few facts
 * (`<!-- neon-preview-action:section key=… branch=… -->`) and a closing line. Commands change only
 * their own sections (`SectionUpdate`), so jobs running at once can merge what each wrote.
 *
 * Attribute values are percent-encoded (even `-`), so no value can end the HTML comment.
 */
import { createHash } from 'node:crypto';
import { ACTION_NAME } from '../names.js';
import { truncateToChars } from '../github/truncate.js';
import { COMMENT_MAX_CHARS } from '../github/limits.js';

export type CommentKind = 'preview' | 'review';

/** The marker on the first line of each of the action's two comments on a PR. */
export const COMMENT_MARKERS: Record<CommentKind, string> = {
  preview: `<!-- ${ACTION_NAME}:preview -->`,
  review: `<!-- ${ACTION_NAME}:review -->`,
};

/** Section kinds in the order they are shown. */
export const SECTION_ORDER = ['preview', 'anonymized', 'snapshot', 'restore', 'teardown', 'review'] as const;
export type SectionKind = (typeof SECTION_ORDER)[number];

export interface Section {
  /** `{kind}:{12 hex}`: unique in its comment. */
  key: string;
  /** Facts later runs read back (branch id, state, approval record); plain strings. */
  attrs: Record<string, string>;
  /** The Markdown shown. */
  body: string;
}

/** What a command does to one section, given what the comment holds now: the new section, null to remove, or undefined for no change. */
export type SectionUpdate = { key: string; apply(current: Section | undefined): Section | null | undefined };

const OPEN = new RegExp(`^<!-- ${ACTION_NAME}:section ([^\\n]*?) -->$`);
const CLOSE = `<!-- ${ACTION_NAME}:/section -->`;

/** A section key: the kind and a hash of what it is about (project and branch, say). */
export function sectionKey(kind: SectionKind, ...about: string[]): string {
  return `${kind}:${createHash('sha1').update(about.join('\n'), 'utf8').digest('hex').slice(0, 12)}`;
}

export function kindOf(key: string): SectionKind | undefined {
  const kind = key.slice(0, key.indexOf(':'));
  return (SECTION_ORDER as readonly string[]).includes(kind) ? (kind as SectionKind) : undefined;
}

/** The sections of a comment body, in order; text outside sections is ignored (it is re-rendered). */
export function parseSections(body: string): Section[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const sections: Section[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!.trim());
    if (!open) continue;
    const attrs = decodeAttrs(open[1]!);
    const key = attrs.key;
    delete attrs.key;
    const end = lines.indexOf(CLOSE, i + 1);
    if (!key || end === -1 || sections.some((s) => s.key === key)) continue;
    sections.push({
      key,
      attrs,
      body: lines
        .slice(i + 1, end)
        .join('\n')
        .trim(),
    });
    i = end;
  }
  return sections;
}

/** Applies the updates in turn; sections end in the display order, new ones after their kind's others. */
export function applyUpdates(sections: readonly Section[], updates: readonly SectionUpdate[]): Section[] {
  let out = [...sections];
  for (const u of updates) {
    const at = out.findIndex((s) => s.key === u.key);
    const next = u.apply(at === -1 ? undefined : out[at]);
    if (next === undefined) continue;
    if (next === null) out = out.filter((s) => s.key !== u.key);
    else if (at === -1) out.push({ ...next, key: u.key });
    else out[at] = { ...next, key: u.key };
  }
  const rank = (s: Section) => {
    const kind = kindOf(s.key);
    return kind === undefined ? SECTION_ORDER.length : SECTION_ORDER.indexOf(kind);
  };
  return out
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map(({ s }) => s);
}

/** Sections of `extra` whose key `base` lacks, appended (a duplicate comment's sections are kept). */
export function unionSections(base: readonly Section[], extra: readonly Section[]): Section[] {
  const keys = new Set(base.map((s) => s.key));
  return [...base, ...extra.filter((s) => !keys.has(s.key))];
}

/** The whole comment: marker, then each section, cut where needed to stay under `max` characters. */
export function renderDocument(kind: CommentKind, sections: readonly Section[], max = COMMENT_MAX_CHARS): string {
  const marker = COMMENT_MARKERS[kind];
  const bodies = sections.map((s) => defuse(s.body.replace(/\r\n?/g, '\n').trim()));
  const frame = (i: number) => `${openLine(sections[i]!)}\n`.length + `\n${CLOSE}`.length + 2;
  const total = () => marker.length + bodies.reduce((n, b, i) => n + frame(i) + b.length, 0);
  // cut the longest section until the whole fits: the others stay whole
  while (total() > max && bodies.length > 0) {
    const longest = bodies.reduce((best, b, i) => (b.length > bodies[best]!.length ? i : best), 0);
    const room = Math.max(0, bodies[longest]!.length - (total() - max) - 1);
    bodies[longest] = truncateToChars(bodies[longest]!, room, CUT_NOTE);
    if (room === 0) break;
  }
  return [marker, ...sections.map((s, i) => `${openLine(s)}\n${bodies[i]}\n${CLOSE}`)].join('\n\n');
}

/** A body line that would read as a section boundary (from a diff, say) is shown, not obeyed. */
function defuse(body: string): string {
  return body
    .split('\n')
    .map((line) =>
      line.trim() === CLOSE || OPEN.test(line.trim()) || line.trim().startsWith(`<!-- ${ACTION_NAME}:`)
        ? line.replace('<!--', '&lt;!--')
        : line,
    )
    .join('\n');
}

const CUT_NOTE =
  "\n\n> [!NOTE]\n> This section was cut to fit GitHub's size limit; the job summary and the step outputs have the rest.";

function openLine(s: Section): string {
  const attrs = { key: s.key, ...s.attrs };
  const text = Object.entries(attrs)
    .map(([k, v]) => `${encodeAttr(k)}=${encodeAttr(v)}`)
    .join(' ');
  return `<!-- ${ACTION_NAME}:section ${text} -->`;
}

/** Letters, digits, `.`, `_` and `:` stay; everything else (`-` too) becomes `%XX`. */
export function encodeAttr(value: string): string {
  return Array.from(new TextEncoder().encode(value), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9._:]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function decodeAttrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(' ')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    try {
      out[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      // a hand-edited, broken value: leave it out
    }
  }
  return out;
}

/** The first line of a body, trimmed. */
export function firstLine(body: string): string {
  const end = body.indexOf('\n');
  return (end === -1 ? body : body.slice(0, end)).trim();
}
