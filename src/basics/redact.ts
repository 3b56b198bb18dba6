/**
 * The last line of defence before text leaves for GitHub (a PR comment, a job summary): every
 * registered secret, and its URL-encoded form, becomes `***`. `assertNoSecrets` is for places
 * where a leak is a bug to report rather than text to patch.
 */

export const REDACTED = '***';

/** The forms one secret takes in text: as is, URL-encoded, and as WHATWG URL encodes a password. */
export function secretForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  // Forms a URI-embedded password takes: encodeURIComponent leaves !'()* alone, WHATWG URL does not.
  return [
    ...new Set([secret, encoded, encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)]),
  ];
}

/** Secrets and their URL-encoded forms, longest first, so a URI goes whole before the password in it. */
function forms(secrets: readonly (string | undefined)[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) if (secret) for (const form of secretForms(secret)) all.add(form);
  return [...all].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const form of forms(secrets)) out = out.split(form).join(REDACTED);
  return out;
}

export class SecretLeakError extends Error {
  constructor(where: string) {
    super(`refusing to write ${where}: it contains a secret`);
    this.name = 'SecretLeakError';
  }
}

/** Throws (without quoting the secret) when `text` holds any secret in any of its forms. */
export function assertNoSecrets(text: string, secrets: readonly (string | undefined)[], where = 'the text'): void {
  for (const form of forms(secrets)) if (text.includes(form)) throw new SecretLeakError(where);
}
