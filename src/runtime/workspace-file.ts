/**
 * A file of the checked-out repository, read as the action reads anything a PR controls: its real
 * path (symbolic links resolved) inside the real workspace, a regular file (no device, FIFO or
 * directory), at most `maxBytes`; the checks hold on the opened descriptor itself, and no more than
 * one byte past the cap is ever read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

export type WorkspaceRead =
  | { text: string }
  | { problem: 'outside' | 'missing' | 'not-a-file' | 'too-big'; size?: number };

export function readWorkspaceFile(path: string, workspace: string, maxBytes: number): WorkspaceRead {
  let root: string;
  try {
    root = realpathSync(workspace);
  } catch {
    root = resolve(workspace);
  }
  const lexical = relative(resolve(workspace), resolve(workspace, path));
  if (lexical.startsWith('..') || isAbsolute(lexical)) return { problem: 'outside' };
  let real: string;
  try {
    real = realpathSync(resolve(workspace, path));
  } catch {
    return { problem: 'missing' };
  }
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel)) return { problem: 'outside' };
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return { problem: 'missing' };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: 'not-a-file' };
    if (stat.size > maxBytes) return { problem: 'too-big', size: stat.size };
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n)
      n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) return { problem: 'too-big' };
    return { text: buffer.subarray(0, length).toString('utf8') };
  } catch {
    return { problem: 'missing' };
  } finally {
    closeSync(fd);
  }
}
