/**
 * Long synchronous work written as a generator, each `yield` a point where other work may run: the
 * same steps run straight through (`runSteps`) or with a turn of the event loop at each point
 * (`runStepsInTurns`), so that I/O under way (a connection being opened, a query's answer) moves on
 * while the work holds the thread between the points.
 */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export async function runStepsInTurns<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    // an immediate set here runs on the loop's next turn, after its poll for I/O
    await new Promise((resolve) => setImmediate(resolve));
  }
}
