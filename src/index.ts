import { run } from './main.js';

/**
 * After the run has written its outputs and its failure, nothing it left open (a socket, a library's
 * timer) may hold the job: the process ends on its own as soon as the event loop empties, and at the
 * latest this long after the run returned.
 */
const LAST_RESORT_EXIT_MS = 2_000;

await run({ exitWhenStopped: true });
setTimeout(() => process.exit(), LAST_RESORT_EXIT_MS).unref();
