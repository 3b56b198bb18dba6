/**
 * Neon's background deletion of expired branches (`expires_at`). Run lazily before each request,
 * so an expired branch is gone by the next call; no operations are recorded for it (so it never
 * causes a 423), and the data-plane cleanup runs in the background.
 */
import type { LocalNeonCore } from './core.js';

export function deleteExpiredBranches(core: LocalNeonCore, now = Date.now()): string[] {
  const { state, dataPlane, runner } = core;
  const expired = [...state.branches.values()].filter(
    (b) =>
      b.expiresAt !== undefined &&
      Date.parse(b.expiresAt) <= now &&
      !b.isDefault &&
      state.childrenOf(b.id).length === 0,
  );
  for (const b of expired) {
    const endpoints = state.endpointsOf(b.id);
    state.branches.delete(b.id);
    for (const e of endpoints) state.endpoints.delete(e.id);
    if (b.forkCheckpoint) state.removeCheckpoint(b.forkCheckpoint);
    runner.track(
      (async () => {
        for (const e of endpoints) await dataPlane.stopEndpoint(e.id);
        if (!b.metadataOnly) await dataPlane.deleteBranch(b.id);
        if (b.forkCheckpoint) await dataPlane.dropCheckpoint(b.forkCheckpoint);
      })(),
    );
  }
  return expired.map((b) => b.id);
}
