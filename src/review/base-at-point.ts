/**
 * The base at the review's point, for reading its catalog when the base branch changed since that
 * point: a throwaway branch of the base at the point, made as the rehearsal makes one
 * (src/rehearsal/branch.ts: annotated so that cleanup's sweep removes a leftover, expiring on its
 * own), made at most once per run and only when needed, deleted when the review is done.
 */
import { firstLine } from '../basics/errors.js';
import type { NeonBranch } from '../neon/index.js';
import { copyAt, type ThrowawayAt } from '../rehearsal/branch.js';
import { type RehearsalDeps, removeThrowaway } from '../rehearsal/index.js';
import { type SizeReader, type SizeReaderDeps, startSizeReader } from './sizes.js';

export interface BaseAtPoint {
  /** A reader of the throwaway branch's databases; made on the first call. */
  reader(): Promise<SizeReader | { unavailable: string }>;
  /** Closes its connections and deletes the branch, if one was made. */
  close(): Promise<void>;
}

export function baseAtPoint(deps: RehearsalDeps & SizeReaderDeps, args: ThrowawayAt): BaseAtPoint {
  let made: NeonBranch | undefined;
  let pending: Promise<SizeReader | { unavailable: string }> | undefined;
  const make = async (): Promise<SizeReader | { unavailable: string }> => {
    try {
      const { branch } = await copyAt(deps, args, "at the review's point, to read its catalog", (b) => {
        made = b;
      });
      return startSizeReader(deps, { projectId: args.projectId, branch, role: args.role });
    } catch (e) {
      return {
        unavailable: `no branch of ${args.base.name} at the review's point: ${deps.secrets.redact(firstLine(e))}`,
      };
    }
  };
  return {
    reader() {
      pending ??= make();
      return pending;
    },
    async close() {
      const reader = pending ? await pending : undefined;
      if (reader && 'close' in reader) await reader.close();
      if (!made) return;
      await removeThrowaway(deps, args.projectId, made);
    },
  };
}
