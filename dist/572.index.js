export const id = 572;
export const ids = [572];
export const modules = {

/***/ 8572:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run),
/* harmony export */   selectForPrune: () => (/* binding */ selectForPrune)
/* harmony export */ });
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_7___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_7__);
/* harmony import */ var _inputs_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4661);
/* harmony import */ var _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1318);
/* harmony import */ var _neon_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8355);
/* harmony import */ var _preview_finish_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8917);
/* harmony import */ var _preview_lookup_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2964);
/* harmony import */ var _preview_readiness_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3192);
/* harmony import */ var _runtime_logger_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8118);
/**
 * snapshot: create, restore, list, delete or prune snapshots (Neon's Beta feature). A restore hands
 * out connection outputs like create-branch; a finalized restore re-resolves the branch by name,
 * because finalizing gives it a new id.
 */








async function run(ctx) {
    const settings = (0,_inputs_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .parseSnapshotSettings */ .nl)(ctx.read, ctx.now());
    const projectId = (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_4__/* .requireProjectId */ .AN)(ctx);
    try {
        switch (settings.action) {
            case 'create':
                return await create(ctx, projectId, settings);
            case 'restore':
                return await restore(ctx, projectId, settings);
            case 'list': {
                const snapshots = await listSnapshots(ctx.neon, projectId);
                ctx.log.info(`${snapshots.length} snapshot(s)`);
                return { outputs: { snapshots: JSON.stringify(snapshots) } };
            }
            case 'delete':
                return await remove(ctx, projectId, settings);
            case 'prune':
                return await prune(ctx, projectId, settings);
        }
    }
    catch (e) {
        throw explainBeta(e);
    }
}
/** 403/404 on the collection routes: the Beta is off for this project. */
function explainBeta(e) {
    if (e instanceof _neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .NeonApiError */ .tB && (e.status === 403 || e.status === 404) && /snapshot/.test(e.path) && !/snapshots\/[^/]+/.test(e.path))
        return new Error(`Snapshots (Beta) are not enabled for this project: Neon answered ${e.status} ${e.apiMessage}`);
    return e;
}
async function listSnapshots(neon, projectId) {
    const { data } = await neon.call('listSnapshots', { path: { project_id: projectId } });
    return (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .SnapshotsResponseSchema */ .Ot, data, 'listSnapshots').snapshots;
}
async function sourceBranch(ctx, projectId) {
    if (ctx.branchName)
        return (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveBranch */ .pd)(ctx.neon, projectId, ctx.branchName, 'branch-name');
    return (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_4__/* .defaultBranch */ .OR)(ctx.neon, projectId);
}
async function create(ctx, projectId, s) {
    const { neon } = ctx;
    const branch = await sourceBranch(ctx, projectId);
    if (ctx.signal.aborted)
        throw new Error('Cancelled before creating the snapshot');
    const started = neon.now();
    const snapshot = await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_6__/* .phase */ .O)(`Snapshot ${branch.name}`, async () => {
        const result = await neon.call('createSnapshot', {
            path: { project_id: projectId, branch_id: branch.id },
            query: { lsn: s.lsn, timestamp: s.timestamp, name: s.name, expires_at: s.expiresAt },
        }, {
            // a 502/504 may hide a snapshot that was made: look for it before trying again
            reconcile: async () => (await listSnapshots(neon, projectId)).find((x) => x.source_branch_id === branch.id && (s.name === undefined || x.name === s.name) && Date.parse(x.created_at) >= started - 60_000),
        });
        if (result.reconciled)
            return result.data;
        const made = (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .SnapshotOperationsSchema */ .QL, result.data, 'createSnapshot');
        await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .waitForOperations */ .ft)(neon, projectId, made.operations);
        return made.snapshot;
    });
    ctx.log.info(`Snapshot ${snapshot.name} (${snapshot.id}) of ${branch.name}`);
    return { outputs: { 'snapshot-id': snapshot.id, 'snapshot-name': snapshot.name } };
}
/** A snapshot by id, or by a name only one snapshot has. */
async function pickSnapshot(neon, projectId, s) {
    const all = await listSnapshots(neon, projectId);
    if (s.snapshotId !== undefined) {
        const found = all.find((x) => x.id === s.snapshotId);
        if (!found)
            throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('snapshot-id', `names no snapshot of project ${projectId}: "${s.snapshotId}"`);
        return found;
    }
    const named = all.filter((x) => x.name === s.name);
    if (named.length === 0)
        throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('name', `names no snapshot of project ${projectId}: "${s.name}"`);
    if (named.length > 1)
        throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('name', `is shared by ${named.length} snapshots (${named.map((x) => x.id).join(', ')}): give snapshot-id`);
    return named[0];
}
async function restore(ctx, projectId, s) {
    const { neon } = ctx;
    const snapshot = await pickSnapshot(neon, projectId, s);
    const target = s.targetBranch ? await (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveBranch */ .pd)(neon, projectId, s.targetBranch, 'target-branch') : undefined;
    if (ctx.signal.aborted)
        throw new Error('Cancelled before restoring the snapshot');
    const started = neon.now();
    const restored = await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_6__/* .phase */ .O)(`Restore snapshot ${snapshot.name}${target ? ` into ${target.name}` : ''}`, async () => {
        const result = await neon.call('restoreSnapshot', {
            path: { project_id: projectId, snapshot_id: snapshot.id },
            body: { target_branch_id: target?.id, finalize_restore: s.finalize },
        }, {
            reconcile: async () => (await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .listAllBranches */ .gf)(neon, projectId)).branches.find((b) => b.restored_from === snapshot.id && Date.parse(b.created_at) >= started - 60_000),
        });
        if (result.reconciled)
            return result.data;
        const made = (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .RestoredSnapshotSchema */ .Wm, result.data, 'restoreSnapshot');
        await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .waitForOperations */ .ft)(neon, projectId, made.operations);
        return made.branch;
    });
    let branch = restored;
    let replaced = '';
    if (s.finalize && target) {
        // finalizing moves the name to the restored branch under a new id: look it up again
        const now = await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .findBranchByExactName */ .n9)(neon, projectId, target.name);
        if (!now)
            throw new Error(`After finalizing, no branch is named ${target.name}`);
        branch = now;
        replaced = now.restored_as ?? restored.restored_as ?? target.id;
        ctx.log.info(`Branch ${target.name} now has id ${branch.id}; the replaced branch is ${replaced}`);
    }
    ctx.setOutput('snapshot-id', snapshot.id);
    ctx.setOutput('snapshot-name', snapshot.name);
    ctx.setOutput('branch-id', branch.id);
    ctx.setOutput('branch-name', branch.name);
    const ready = await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_6__/* .phase */ .O)(`Wait until ${branch.name} is ready`, () => (0,_preview_readiness_js__WEBPACK_IMPORTED_MODULE_5__/* .waitUntilReady */ .bs)(neon, projectId, branch.id, {}));
    return (0,_preview_finish_js__WEBPACK_IMPORTED_MODULE_3__/* .finishBranch */ .y)(ctx, { command: 'snapshot', projectId, branch: ready.branch, created: !s.finalize, endpoint: ready.endpoint, settings: s }, { 'replaced-branch-id': replaced });
}
async function deleteSnapshot(neon, projectId, snapshot) {
    try {
        const { data } = await neon.call('deleteSnapshot', { path: { project_id: projectId, snapshot_id: snapshot.id } });
        await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .waitForOperations */ .ft)(neon, projectId, (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .OperationsResponseSchema */ .BV, data ?? { operations: [] }, 'deleteSnapshot').operations);
    }
    catch (e) {
        // it was listed a moment ago: a 404 now means our (retried) DELETE already took it
        if (e instanceof _neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .NeonApiError */ .tB && e.status === 404)
            return;
        throw e;
    }
}
async function remove(ctx, projectId, s) {
    const snapshot = await pickSnapshot(ctx.neon, projectId, s);
    await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_6__/* .phase */ .O)(`Delete snapshot ${snapshot.name} (${snapshot.id})`, () => deleteSnapshot(ctx.neon, projectId, snapshot));
    return { outputs: { 'snapshot-id': snapshot.id, 'snapshot-name': snapshot.name } };
}
function selectForPrune(snapshots, s, now) {
    const matches = s.snapshotPattern ? picomatch__WEBPACK_IMPORTED_MODULE_7___default()(s.snapshotPattern, { dot: true }) : () => true;
    return snapshots.filter((x) => (s.includeScheduled || x.manual !== false) &&
        matches(x.name) &&
        (s.maxAgeMs === undefined || now - Date.parse(x.created_at) > s.maxAgeMs));
}
async function prune(ctx, projectId, s) {
    const all = await listSnapshots(ctx.neon, projectId);
    const doomed = selectForPrune(all, s, ctx.now());
    ctx.log.info(`${s.dryRun ? 'Would delete' : 'Deleting'} ${doomed.length} of ${all.length} snapshot(s)`);
    for (const x of doomed) {
        ctx.log.info(`  ${s.dryRun ? 'would delete' : 'delete'} ${x.name} (${x.id}), created ${x.created_at}`);
        if (!s.dryRun)
            await deleteSnapshot(ctx.neon, projectId, x);
    }
    return { outputs: { snapshots: JSON.stringify(doomed) } };
}


/***/ })

};
