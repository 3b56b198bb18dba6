/**
 * Unified diffs of schema dumps that stay cheap on huge ones. jsdiff's Myers diff needs memory that
 * grows with the square of the edit count, so a dump gaining thousands of tables can exhaust the
 * heap; past `MAX_EDITS` the differing middle (after the common head and tail) becomes one hunk,
 * which for the usual case, a block of new objects, is exactly the right diff.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

const MAX_EDITS = 4_000;
const CONTEXT = 3;

export function unifiedDiff(oldName: string, newName: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(oldName, newName, before, after, undefined, undefined, {
    context: CONTEXT,
    maxEditLength: MAX_EDITS,
    headerOptions: FILE_HEADERS_ONLY,
  });
  return patch ?? oneHunk(oldName, newName, before, after);
}

function lines(text: string): string[] {
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** The common head and tail as context, everything between as removed then added. */
function oneHunk(oldName: string, newName: string, before: string, after: string): string {
  const a = lines(before);
  const b = lines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const from = Math.max(0, head - CONTEXT);
  const lead = a.slice(from, head);
  const trail = a.slice(a.length - tail, Math.min(a.length, a.length - tail + CONTEXT));
  const removed = a.slice(head, a.length - tail);
  const added = b.slice(head, b.length - tail);
  const oldCount = lead.length + removed.length + trail.length;
  const newCount = lead.length + added.length + trail.length;
  const start = (count: number) => (count === 0 ? from : from + 1);
  return [
    `--- ${oldName}`,
    `+++ ${newName}`,
    `@@ -${start(oldCount)},${oldCount} +${start(newCount)},${newCount} @@`,
    ...lead.map((l) => ` ${l}`),
    ...removed.map((l) => `-${l}`),
    ...added.map((l) => `+${l}`),
    ...trail.map((l) => ` ${l}`),
    '',
  ].join('\n');
}
