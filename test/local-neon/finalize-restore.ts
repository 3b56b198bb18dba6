/**
 * Finalizing a snapshot restore: the restored branch takes over its target. It gets the target's
 * name, default flag, role passwords and computes, and a NEW branch id (Neon's documented quirk);
 * the target is renamed (`name`, or `<name>_old_<timestamp>`) and keeps its id. In the data plane
 * the restored data is cloned under the new id and the computes are moved onto it.
 */
import { assertNameFree, validateBranchName } from './branch-create.js';
import type { LocalNeonCore } from './core.js';
import { badRequest, notFound } from './errors.js';
import type { OperationSpec } from './operations.js';
import { type BranchRecord, isoSeconds } from './state.js';

export interface FinalizePlan {
  restored: BranchRecord;
  target: BranchRecord;
  oldName: string;
}

/** Validate a finalize request; throws 400/404/409. */
export function planFinalize(core: LocalNeonCore, restored: BranchRecord, requestedOldName: unknown): FinalizePlan {
  if (restored.restoreStatus !== 'restored' || !restored.restoreTargetId) {
    throw badRequest('finalize_restore applies only to branches restored from a snapshot and not yet finalized');
  }
  const target = core.state.branches.get(restored.restoreTargetId);
  if (!target) throw notFound(`target branch ${restored.restoreTargetId} not found`);
  const stamp = isoSeconds().replace(/[-:]/g, '').replace('T', '_').replace('Z', '');
  const oldName =
    requestedOldName === undefined || requestedOldName === null || requestedOldName === ''
      ? `${target.name}_old_${stamp}`
      : validateBranchName(requestedOldName);
  assertNameFree(core, oldName, target.id);
  return { restored, target, oldName };
}

/**
 * Apply a finalize now (state), with the data-plane side run after `ready`. Returns the operations
 * to start and the work they wait for; the caller starts them.
 */
export function applyFinalize(
  core: LocalNeonCore,
  plan: FinalizePlan,
  ready: Promise<unknown>,
): { branch: BranchRecord; specs: OperationSpec[]; work: Promise<void> } {
  const { state, dataPlane } = core;
  const { restored, target, oldName } = plan;
  const oldId = restored.id;
  const newId = state.newBranchId();
  const now = isoSeconds();
  const previewEndpoints = state.endpointsOf(oldId);
  const movedEndpoints = state.endpointsOf(target.id);
  const keepPreview = movedEndpoints.length === 0;

  state.branches.delete(oldId);
  restored.id = newId;
  restored.name = target.name;
  restored.isDefault = target.isDefault;
  restored.restoreStatus = 'finalized';
  restored.restoredAs = target.id;
  restored.restoreTargetId = undefined;
  restored.updatedAt = now;
  for (const role of restored.roles) {
    const same = target.roles.find((r) => r.name === role.name);
    if (same) role.password = same.password;
  }
  target.name = oldName;
  target.isDefault = false;
  target.updatedAt = now;
  state.branches.set(newId, restored);
  for (const e of movedEndpoints) e.branchId = newId;
  if (keepPreview) for (const e of previewEndpoints) e.branchId = newId;
  else for (const e of previewEndpoints) state.endpoints.delete(e.id);

  const moving = keepPreview ? previewEndpoints : movedEndpoints;
  const work = (async () => {
    await ready;
    await dataPlane.createBranch(newId, { parentId: oldId });
    if (!keepPreview) for (const e of previewEndpoints) await dataPlane.stopEndpoint(e.id);
    for (const e of moving) await dataPlane.moveEndpoint(e.id, newId);
    await dataPlane.deleteBranch(oldId);
  })();
  const specs: OperationSpec[] = [
    { action: 'apply_config', branchId: newId },
    ...moving.map((e) => ({ action: 'start_compute', branchId: newId, endpointId: e.id })),
  ];
  return { branch: restored, specs, work };
}
