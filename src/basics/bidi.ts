/** Bidirectional controls (CVE-2021-42574, "Trojan Source") made visible in text a user gave. */

/** Embeddings, overrides, isolates and marks that reorder text (CVE-2021-42574, "Trojan Source"). */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Bidirectional controls shown as `<U+202E>` (before any HTML escaping), so they are seen and reorder nothing. */
export function showBidi(text: string): string {
  return text.replace(BIDI, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}
