/**
 * Runs with `output-probe.mjs` preloaded, and checks the Secrets rules of INTERFACE.md on a run:
 * every secret masked before its first appearance on stdout, stderr or GITHUB_OUTPUT, and never in a
 * comment, the job summary or a non-secret output.
 */
import type { ActionRun } from '../run-action.js';

export const PROBE_NODE_OPTIONS = `--import=${new URL('./output-probe.mjs', import.meta.url).href}`;

const PROBE_LINE = /^##probe-output##(.*)$/gm;
const MASK = '::add-mask::';

/** The env to pass to `runAction` so the probe loads. */
export function probeEnv(): Record<string, string> {
  return { NODE_OPTIONS: PROBE_NODE_OPTIONS };
}

/** Each write to GITHUB_OUTPUT, decoded, with its position on stdout. */
export function outputWrites(run: ActionRun): { at: number; text: string }[] {
  return [...run.stdout.matchAll(PROBE_LINE)].map((m) => ({ at: m.index, text: Buffer.from(m[1]!, 'base64').toString('utf8') }));
}

/** stdout without the probe's own lines. */
export function plainStdout(run: ActionRun): string {
  return run.stdout.replace(PROBE_LINE, '');
}

/**
 * Every way `secret` breaks the rules in this run, as readable reasons naming the secret only by
 * its length. `extraTexts` are other places a secret must never reach (comment bodies).
 */
export function secretLeaks(
  run: ActionRun,
  secrets: readonly string[],
  nonSecretOutputs: readonly string[],
  extraTexts: Record<string, string> = {},
): string[] {
  const problems: string[] = [];
  const writes = outputWrites(run);
  for (const secret of secrets) {
    const label = `a secret of ${secret.length} chars`;
    const maskAt = run.stdout.indexOf(`${MASK}${secret}\n`);
    if (maskAt < 0) {
      problems.push(`${label} was never masked`);
      continue;
    }
    for (let at = run.stdout.indexOf(secret); at >= 0; at = run.stdout.indexOf(secret, at + 1)) {
      const lineStart = run.stdout.lastIndexOf('\n', at) + 1;
      const inMaskLine = run.stdout.startsWith(MASK, lineStart);
      if (!inMaskLine && at < maskAt) problems.push(`${label} appeared on stdout before its mask`);
    }
    const firstWrite = writes.find((w) => w.text.includes(secret));
    if (firstWrite && firstWrite.at < maskAt) problems.push(`${label} was written to GITHUB_OUTPUT before its mask`);
    if (run.stderr.includes(secret)) problems.push(`${label} appeared on stderr`);
    for (const name of nonSecretOutputs)
      if ((run.outputs[name] ?? '').includes(secret)) problems.push(`${label} is in the non-secret output ${name}`);
    if (run.summary.includes(secret)) problems.push(`${label} is in the job summary`);
    for (const [where, text] of Object.entries(extraTexts)) if (text.includes(secret)) problems.push(`${label} is in ${where}`);
  }
  return problems;
}
