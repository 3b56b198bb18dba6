/**
 * stdout read the way the Actions runner reads it (actions/runner, ActionCommandManager): a line is
 * split at CR, LF or CRLF; after its leading white space is trimmed, a line starting with `::` is a
 * command (`::name props::data`); else a line holding `##[` anywhere is a legacy command
 * (`##[name props]data`). After `::stop-commands::TOKEN` every command is ignored until `::TOKEN::`.
 */

export interface RunnerCommand {
  name: string;
  data: string;
  legacy: boolean;
  /** Ignored because commands were stopped at that point. */
  ignored: boolean;
  line: number;
}

export function runnerCommands(stdout: string): RunnerCommand[] {
  const out: RunnerCommand[] = [];
  let stopToken: string | undefined;
  stdout.split(/\r\n|\r|\n/).forEach((raw, line) => {
    const text = raw.trimStart();
    let command: { name: string; data: string; legacy: boolean } | undefined;
    if (text.startsWith('::')) {
      const end = text.indexOf('::', 2);
      if (end >= 0) command = { name: text.slice(2, end).split(' ')[0]!, data: text.slice(end + 2), legacy: false };
    } else {
      const at = raw.indexOf('##[');
      const close = at >= 0 ? raw.indexOf(']', at) : -1;
      if (close >= 0)
        command = { name: raw.slice(at + 3, close).split(' ')[0]!, data: raw.slice(close + 1), legacy: true };
    }
    if (!command) return;
    const ignored = stopToken !== undefined && command.name !== stopToken;
    if (stopToken !== undefined && command.name === stopToken) stopToken = undefined;
    else if (!ignored && command.name === 'stop-commands') stopToken = command.data;
    out.push({ ...command, ignored, line });
  });
  return out;
}

/** The commands an action of ours may issue. */
const OURS = new Set(['add-mask', 'group', 'endgroup', 'debug', 'notice', 'warning', 'error']);

/**
 * Every way the run's stdout lets text act as a runner command it did not mean: a legacy `##[`
 * command, a command that is not one of ours, an ignored command (commands were stopped), or
 * `marker` inside a command's name. Returns one line per problem.
 */
export function injectedCommands(stdout: string): string[] {
  const problems: string[] = [];
  for (const c of runnerCommands(stdout)) {
    const where = `line ${c.line + 1}: ${c.legacy ? '##[' : '::'}${c.name}`;
    if (c.legacy) problems.push(`${where}: a legacy command`);
    else if (!OURS.has(c.name)) problems.push(`${where}: not a command of this action`);
    if (c.ignored) problems.push(`${where}: ignored, commands were stopped`);
  }
  return problems;
}
