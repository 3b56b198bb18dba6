/**
 * PGlite is one Postgres backend: one session for everybody. The gate hands that session to one
 * holder at a time (a client connection, an API query, pg_dump, the store closing the instance),
 * first come first served. A holder that leaves the session inside a transaction (or mid-protocol)
 * keeps it pinned: nobody else runs until that holder returns it idle, so transactions stay isolated
 * and whole. The price is that a client idling inside a transaction stalls the others.
 */
export class SessionGate {
  private owner: string | null = null;
  private pinned = false;
  private readonly waiting: { holder: string; enter: () => void }[] = [];

  /** Waits until `holder` may use the session. A pinned holder re-enters at once. */
  async acquire(holder: string): Promise<void> {
    if (this.owner === holder && this.pinned) {
      this.pinned = false;
      return;
    }
    if (this.owner === null) {
      this.owner = holder;
      return;
    }
    await new Promise<void>((enter) => this.waiting.push({ holder, enter }));
  }

  /** Takes the session only if it is free now. */
  tryAcquire(holder: string): boolean {
    if (this.owner !== null) return false;
    this.owner = holder;
    return true;
  }

  /** Gives the session back, or keeps it pinned to `holder` (open transaction, unfinished exchange). */
  release(holder: string, keepPinned = false): void {
    if (this.owner !== holder) return;
    if (keepPinned) {
      this.pinned = true;
      return;
    }
    this.pinned = false;
    const next = this.waiting.shift();
    this.owner = next?.holder ?? null;
    next?.enter();
  }

  /** The holder keeping the session pinned between its turns, if any. */
  pinnedBy(): string | null {
    return this.pinned ? this.owner : null;
  }

  get idle(): boolean {
    return this.owner === null;
  }
}
