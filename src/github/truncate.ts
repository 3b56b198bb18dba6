/**
 * Cutting Markdown short without breaking what follows: never inside a character, and with any
 * code fence or `<details>` left open at the cut closed again, so a note after it still renders.
 */

/** The fence (a run of backticks or tildes) left open at the end of `text`, per CommonMark's pairing. */
export function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!m) continue;
    const run = m[1]!;
    const rest = m[2]!;
    if (open === undefined) {
      if (!(run[0] === '`' && rest.includes('`'))) open = run;
    } else if (run[0] === open[0] && run.length >= open.length && rest.trim() === '') {
      open = undefined;
    }
  }
  return open;
}

const MAX_DETAILS_CLOSED = 8;
/** The most `closingFor` can add: a fence of up to 16 characters and 8 `</details>`. */
export const MAX_CLOSING_LENGTH = 17 + '\n</details>'.length * MAX_DETAILS_CLOSED;

/** What to append to `text` to close its open fence and `<details>` elements. */
export function closingFor(text: string): string {
  const fence = openFence(text);
  let closing = fence ? `\n${fence.slice(0, 16)}` : '';
  const open = (text.match(/<details\b/gi) ?? []).length - (text.match(/<\/details>/gi) ?? []).length;
  for (let i = 0; i < Math.min(open, MAX_DETAILS_CLOSED); i++) closing += '\n</details>';
  return closing;
}

/** Drops a partial last line when the cut left one, unless that would lose too much. */
function atLineEnd(kept: string): string {
  const newline = kept.lastIndexOf('\n');
  return newline > 0 && kept.length - newline < 2000 ? kept.slice(0, newline) : kept;
}

/** At most `maxChars` UTF-16 units: the kept text, its closers, then `note`. */
export function truncateToChars(text: string, maxChars: number, note: string): string {
  if (text.length <= maxChars) return text;
  let cut = Math.max(0, maxChars - MAX_CLOSING_LENGTH - note.length);
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text[cut - 1]!)) cut--;
  const kept = atLineEnd(text.slice(0, cut));
  return `${kept}${closingFor(kept)}${note}`;
}

/** At most `maxBytes` of UTF-8: the kept text (whole characters), its closers, then `note`. */
export function truncateToBytes(text: string, maxBytes: number, note: string): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes - MAX_CLOSING_LENGTH - Buffer.byteLength(note, 'utf8'));
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--; // step back off UTF-8 continuation bytes
  const kept = atLineEnd(buf.subarray(0, end).toString('utf8'));
  return `${kept}${closingFor(kept)}${note}`;
}
