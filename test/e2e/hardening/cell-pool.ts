/**
 * Runs many independent cells (a fresh local Neon and one action run each) in the background, at
 * most `limit` at a time, so a table of ~100 runs takes seconds per core rather than a minute; each
 * test then awaits its own cell.
 */
export class CellPool {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Starts `work` as soon as a slot is free; the promise settles with it. */
  submit<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        work()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.queue.shift()?.();
          });
      };
      if (this.running < this.limit) start();
      else this.queue.push(start);
    });
  }
}
