/**
 * GitHub keeps at most 1 MB per step output. A longer value is cut here, with a notice saying so: a
 * JSON list keeps its first entries and stays valid JSON; any other text is cut at a line end.
 */

/** Under GitHub's 1 MB (decimal or binary) per output, with room for the delimiter lines. */
export const MAX_OUTPUT_BYTES = 1_000_000;

export interface FittedOutput {
  value: string;
  /** Set when the value was cut: one line for the log. */
  notice?: string;
}

export function fitOutput(name: string, value: string, maxBytes = MAX_OUTPUT_BYTES): FittedOutput {
  const bytes = Buffer.byteLength(value);
  if (bytes <= maxBytes) return { value };
  const list = jsonList(value);
  if (list) {
    // the largest prefix of entries that fits: sizes are summed, not re-serialized per try
    let size = 2;
    let kept = 0;
    for (const entry of list) {
      const next = Buffer.byteLength(JSON.stringify(entry)) + (kept > 0 ? 1 : 0);
      if (size + next > maxBytes) break;
      size += next;
      kept++;
    }
    return {
      value: JSON.stringify(list.slice(0, kept)),
      notice: `The output ${name} holds the first ${kept} of ${list.length} entries: the whole list is ${bytes} bytes, and GitHub keeps at most 1 MB per output`,
    };
  }
  const head = Buffer.from(value)
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  const cut = head.lastIndexOf('\n') > 0 ? head.slice(0, head.lastIndexOf('\n') + 1) : head;
  return {
    value: cut,
    notice: `The output ${name} was cut to its first ${Buffer.byteLength(cut)} of ${bytes} bytes: GitHub keeps at most 1 MB per output`,
  };
}

function jsonList(value: string): unknown[] | undefined {
  if (!value.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
