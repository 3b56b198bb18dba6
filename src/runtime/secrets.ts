/**
 * Every secret goes through here before it can reach a log, an output, a comment or a summary:
 * `add` registers it with the runner (`::add-mask::`, also its URL-encoded form), `redact` is the
 * last line of defence for text we write to GitHub ourselves.
 */
import { redact as redactForms, secretForms } from '../basics/redact.js';

export interface Masker {
  setSecret(value: string): void;
}

/** Values too short or too common to mask without making the log unreadable (INTERFACE: Secrets). */
const MIN_SECRET_LENGTH = 8;

export class Secrets {
  private readonly values = new Set<string>();

  constructor(private readonly masker: Masker) {}

  add(value: string | undefined): void {
    if (!value || value.length < MIN_SECRET_LENGTH) return;
    for (const form of secretForms(value)) {
      if (this.values.has(form)) continue;
      this.values.add(form);
      this.masker.setSecret(form);
    }
  }

  /** Registers a connection URI and the password inside it. */
  addUri(uri: string | undefined): void {
    if (!uri) return;
    // the password first: the URI's own mask line holds it
    try {
      this.add(decodeURIComponent(new URL(uri).password));
    } catch {
      // not a URL: the whole value is masked below
    }
    this.add(uri);
  }

  /**
   * `text` with every secret, in every form github/redact knows (raw, URL-encoded, and as WHATWG URL
   * encodes a password's `!'()*`), as `***`: one redactor for the log, the outputs, the comment and the summary.
   */
  redact(text: string): string {
    return redactForms(text, [...this.values]);
  }

  /** The registered values, for the GitHub writers' own last pass (comment store, job summary). */
  list(): string[] {
    return [...this.values];
  }

  has(text: string): boolean {
    for (const value of this.values) if (text.includes(value)) return true;
    return false;
  }
}
