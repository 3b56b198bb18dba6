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
  /** The same fixed CPU work timed again and again at the start: how much this machine's speed swings. */
  speed: { runs: number; fastestMs: number; slowestMs: number };
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
    speed: speedSwing(),
  };
}

/**
 * A fixed piece of CPU work (integer arithmetic and small objects, as parsing makes) timed 15 times
 * after one warm-up. On a quiet dedicated machine the times agree within a few percent; a shared
 * virtual machine's swing from run to run shows here, and stretches every figure below alike.
 */
function speedSwing(runs = 15): Machine['speed'] {
  const work = () => {
    let x = 0;
    for (let i = 0; i < 2e7; i++) x = (x * 31 + i) | 0;
    const objects: { i: number; s: string }[] = [];
    for (let i = 0; i < 3e5; i++) objects.push({ i, s: `k${i}` });
    return x + objects.length;
  };
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return { runs, fastestMs: Math.min(...times), slowestMs: Math.max(...times) };
}

export function machineLine(m: Machine): string {
  return `${m.date} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB, ${m.os}, bench on Node ${m.node}, dist/ run by Node ${m.actionNode}, load average ${m.load.toFixed(2)} at the start; the same CPU work took ${Math.round(m.speed.fastestMs)}–${Math.round(m.speed.slowestMs)} ms over ${m.speed.runs} runs (×${(m.speed.slowestMs / m.speed.fastestMs).toFixed(1)}: this machine's speed swing, in every figure below)`;
}
