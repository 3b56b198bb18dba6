/** The date and the machine a bench ran on, as one line for bench/RESULTS.md. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** The Node that ran dist/ (the runner's, Node 24). */
  actionNode: string;
  /** 1-minute load average when the bench started (a shared machine stretches wall times). */
  load: number;
}

export function describeMachine(actionNode: string): Machine {
  const list = cpus();
  return {
    date: new Date().toISOString(),
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: totalmem() / 1024 ** 3,
    os: `${platform()} ${release()}`,
    node: process.version,
    actionNode: execFileSync(actionNode, ['--version'], { encoding: 'utf8' }).trim(),
    load: loadavg()[0] ?? 0,
  };
}

export function machineLine(m: Machine): string {
  return `${m.date} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB, ${m.os}, bench on Node ${m.node}, dist/ run by Node ${m.actionNode}, load average ${m.load.toFixed(2)} at the start`;
}
