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
  return [...run.stdout.matchAll(PROBE_LINE)].map((m) => ({
    at: m.index,
    text: Buffer.from(m[1]!, 'base64').toString('utf8'),
  }));
}

/** stdout without the probe's own lines. */
export function plainStdout(run: ActionRun): string {
  return run.stdout.replace(PROBE_LINE, '');
}

/** How @actions/core escapes a workflow command's data (the runner undoes it before masking). */
export function escapeCommandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Positions of `secret` on stdout, as itself or as escaped inside a workflow command. */
function positions(stdout: string, secret: string): number[] {
  const out: number[] = [];
  for (const form of new Set([secret, escapeCommandData(secret)]))
    for (let at = stdout.indexOf(form); at >= 0; at = stdout.indexOf(form, at + 1)) out.push(at);
  return out.sort((a, b) => a - b);
}

/** Whether `secret` shows up anywhere the runner would print or keep, outside `::add-mask::` lines. */
function appears(run: ActionRun, secret: string, writes: { text: string }[]): boolean {
  const stdout = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith(MASK))
    .join('\n');
  return (
    positions(stdout, secret).length > 0 || run.stderr.includes(secret) || writes.some((w) => w.text.includes(secret))
  );
}

/**
 * Every way the secrets break the rules in this run, as reasons naming a secret only by its length.
 * `mustMask` must be masked even when they never appear (the API key: the runner's masking of
 * `secrets.*` is not the action's to rely on); the others only once they appear. `extraTexts` are
 * further places no secret may reach (comment bodies).
 */
export function secretLeaks(
  run: ActionRun,
  secrets: { mustMask: readonly string[]; others: readonly string[] },
  nonSecretOutputs: readonly string[],
  extraTexts: Record<string, string> = {},
): string[] {
  const problems: string[] = [];
  const writes = outputWrites(run);
  const all = [...secrets.mustMask.map((s) => ({ s, must: true })), ...secrets.others.map((s) => ({ s, must: false }))];
  for (const { s: secret, must } of all) {
    const label = `a secret of ${secret.length} chars`;
    const maskAt = run.stdout.indexOf(`${MASK}${escapeCommandData(secret)}\n`);
    if (maskAt < 0) {
      if (must || appears(run, secret, writes)) problems.push(`${label} was never masked`);
    } else {
      for (const at of positions(run.stdout, secret).filter((p) => p < maskAt)) {
        const lineStart = run.stdout.lastIndexOf('\n', at) + 1;
        if (!run.stdout.startsWith(MASK, lineStart)) problems.push(`${label} appeared on stdout before its mask`);
      }
      const firstWrite = writes.find((w) => w.text.includes(secret));
      if (firstWrite && firstWrite.at < maskAt) problems.push(`${label} was written to GITHUB_OUTPUT before its mask`);
    }
    if (run.stderr.includes(secret)) problems.push(`${label} appeared on stderr`);
    for (const name of nonSecretOutputs)
      if ((run.outputs[name] ?? '').includes(secret)) problems.push(`${label} is in the non-secret output ${name}`);
    if (run.summary.includes(secret)) problems.push(`${label} is in the job summary`);
    for (const [where, text] of Object.entries(extraTexts))
      if (text.includes(secret)) problems.push(`${label} is in ${where}`);
  }
  return [...new Set(problems)];
}
