/**
 * The last line of defence before text leaves for GitHub (a PR comment, a job summary): every
 * registered secret, and its URL-encoded form, becomes `***`. `assertNoSecrets` is for places
 * where a leak is a bug to report rather than text to patch.
 */

export const REDACTED = '***';

/** Secrets and their URL-encoded forms, longest first, so a URI goes whole before the password in it. */
function forms(secrets: readonly (string | undefined)[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    all.add(secret);
    all.add(encodeURIComponent(secret));
    // Forms a URI-embedded password takes: encodeURIComponent leaves !'()* alone, WHATWG URL does not.
    all.add(encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  }
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
