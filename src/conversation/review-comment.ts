/**
 * The schema review comment: one section per reviewed branch, holding the approval gate's word (who
 * approved which changes, what is new since) above the review itself (render-review.ts). Also the
 * notice the gate gives the step (its failure line: src/review/decision.ts). Logins are shown as code, never as mentions.
 */
import { code, escapeInline } from '../github/markdown.js';
import type { Change } from '../schema/types.js';
import { type GateDecision, recordFromAttrs, recordToAttrs } from './approval.js';
import { type Section, type SectionUpdate, sectionKey } from './document.js';
import { count, utcMinute } from './words.js';

export function reviewKey(projectId: string, branchName: string): string {
  return sectionKey('review', projectId, branchName);
}

/** The approval record of the review section of this branch, when the comment holds one. */
export function recordIn(sections: readonly Section[], projectId: string, branchName: string) {
  const s = sections.find((x) => x.key === reviewKey(projectId, branchName));
  return s ? recordFromAttrs(s.attrs) : undefined;
}

export function reviewUpdate(
  projectId: string,
  branchName: string,
  review: string,
  gate: GateDecision,
  label: string | undefined,
): SectionUpdate {
  const key = reviewKey(projectId, branchName);
  const text = gateText(gate, label);
  const section: Section = {
    key,
    attrs: gate.record ? recordToAttrs(gate.record) : {},
    body: text ? `${text}\n\n${review}` : review,
  };
  return { key, apply: () => section };
}

function describe(c: Change): string {
  const object = c.from ? `${c.object} (from ${c.from})` : c.object;
  const kind = c.kind.replace(/_/g, ' ');
  return `${kind[0]!.toUpperCase()}${kind.slice(1)} ${code(object)} ${c.action}`;
}

function list(changes: readonly Change[], max = 20): string {
  const lines = changes.slice(0, max).map((c) => `> - ${describe(c)}: ${escapeInline(c.reason)}`);
  if (changes.length > max) lines.push(`> - and ${count(changes.length - max, 'more change', 'more changes')}`);
  return lines.join('\n');
}

/** The gate's block at the top of the review section; empty when `fail-on` does not fail. */
export function gateText(gate: GateDecision, label: string | undefined): string {
  switch (gate.verdict) {
    case 'pass':
      return '';
    case 'fail': {
      const how = gate.why
        ? ` The label ${code(label ?? '')} is on, but ${escapeInline(gate.why)}.`
        : label
          ? ` Add the label ${code(label)} to approve ${gate.flagged.length === 1 ? 'it' : 'them'}.`
          : '';
      const what =
        gate.flagged.length > 0 ? count(gate.flagged.length, 'flagged change', 'flagged changes') : 'a schema diff';
      return `> [!CAUTION]\n> \`fail-on\` fails this check on ${what}.${how}`;
    }
    case 'approved': {
      const r = gate.record;
      const what =
        gate.flagged.length > 0 ? count(gate.flagged.length, 'flagged change', 'flagged changes') : 'the schema diff';
      const body = gate.flagged.length > 0 ? `\n>\n${list(gate.flagged)}` : '';
      return `> [!NOTE]\n> Approved by ${code(r.by)} with the label ${code(label ?? '')} on ${utcMinute(r.at)}: the approval covers ${what}.${body}`;
    }
    case 'new-since-approval': {
      const r = gate.record;
      const n = gate.newOnes.length;
      return [
        '> [!CAUTION]',
        `> ${code(r.by)} approved ${count(r.approved.length, 'flagged change', 'flagged changes')} with the label ${code(label ?? '')} on ${utcMinute(r.at)}, but ${count(n, 'change is', 'changes are')} new since then:`,
        list(gate.newOnes),
        '>',
        `> Remove the label and add it again to approve ${n === 1 ? 'it' : 'them'}.`,
      ].join('\n');
    }
  }
}

/** The notice of a step that passes on an approval. */
export function gateNotice(gate: GateDecision, label: string | undefined): string | undefined {
  if (gate.verdict !== 'approved') return undefined;
  const what =
    gate.flagged.length > 0 ? count(gate.flagged.length, 'flagged change', 'flagged changes') : 'the schema diff';
  return `fail-on passes: ${what} approved by ${gate.record.by} with the label "${label}"`;
}
