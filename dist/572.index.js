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


/***/ }),

/***/ 8917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  y: () => (/* binding */ finishBranch)
});

// UNUSED EXPORTS: connectionOutputsFor

// EXTERNAL MODULE: ./src/neon/index.ts + 3 modules
var src_neon = __webpack_require__(8355);
// EXTERNAL MODULE: ./src/runtime/logger.ts
var logger = __webpack_require__(8118);
// EXTERNAL MODULE: ./src/preview/branch-report.ts
var branch_report = __webpack_require__(8137);
// EXTERNAL MODULE: ./src/inputs/errors.ts
var errors = __webpack_require__(1318);
;// CONCATENATED MODULE: ./src/preview/connection.ts
/**
 * Connection URIs always come from Neon: the create response's `connection_uris` when they are for
 * the asked role and database, else `GET /connection_uri` (pooled=false and pooled=true).
 */


function urisFromCreate(fromCreate, role, database) {
    const match = fromCreate?.find((c) => c.connection_parameters.role === role && c.connection_parameters.database === database);
    if (!match?.connection_parameters.pooler_host)
        return undefined;
    const pooled = new URL(match.connection_uri);
    pooled.host = match.connection_parameters.pooler_host;
    return { direct: match.connection_uri, pooled: pooled.toString() };
}
async function fetchUris(neon, args) {
    const get = async (pooled) => {
        try {
            const { data } = await neon.call('getConnectionURI', {
                path: { project_id: args.projectId },
                query: {
                    branch_id: args.branchId,
                    endpoint_id: args.endpointId,
                    database_name: args.database,
                    role_name: args.role,
                    pooled,
                },
            });
            return (0,src_neon/* parse */.qg)(src_neon/* ConnectionUriResponseSchema */.VG, data, 'getConnectionURI').uri;
        }
        catch (e) {
            throw explain(e, args);
        }
    };
    const direct = await get(false);
    return { direct, pooled: await get(true) };
}
function explain(e, args) {
    if (!(e instanceof src_neon/* NeonApiError */.tB))
        return e;
    if (e.status === 412)
        return new Error('Neon does not store passwords for this project, so it cannot give a connection URI for an existing branch: ' +
            'turn on the project setting "store passwords" (store_passwords), or reset the role password yourself');
    if (e.status === 404 && /role/i.test(e.apiMessage))
        return new errors/* InputError */.d('role', `names no role of the branch: "${args.role}" (Neon: ${e.apiMessage})`);
    if (e.status === 404 && /database/i.test(e.apiMessage))
        return new errors/* InputError */.d('database', `names no database of the branch: "${args.database}" (Neon: ${e.apiMessage})`);
    return e;
}

;// CONCATENATED MODULE: ./src/preview/connection-outputs.ts
function adjustUri(uri, settings, pooled) {
    const url = new URL(uri);
    const ssl = settings.sslMode;
    if (ssl !== undefined) {
        if (ssl === 'omit')
            url.searchParams.delete('sslmode');
        else
            url.searchParams.set('sslmode', ssl);
        if (ssl === 'disable' || ssl === 'omit')
            url.searchParams.delete('channel_binding');
    }
    if (settings.prisma) {
        url.searchParams.set('connect_timeout', '30');
        if (pooled) {
            url.searchParams.set('pool_timeout', '30');
            url.searchParams.set('pgbouncer', 'true');
        }
    }
    return url.toString();
}
/** The host as a client dials it: `host` or, where the URI carries one, `host:port`. */
function hostOf(uri) {
    const url = new URL(uri);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}
function passwordOf(uri) {
    return decodeURIComponent(new URL(uri).password);
}
function connectionOutputs(uris, settings) {
    return {
        'db-url': adjustUri(uris.direct, settings, false),
        'db-url-pooled': adjustUri(uris.pooled, settings, true),
        'db-host': hostOf(uris.direct),
        'db-host-pooled': hostOf(uris.pooled),
        password: passwordOf(uris.direct),
    };
}
/** Neon's pooler host: the endpoint id in the first label gains `-pooler`. */
function poolerHost(host, endpointId) {
    return host.includes(endpointId) ? host.replace(endpointId, `${endpointId}-pooler`) : host;
}

// EXTERNAL MODULE: ./src/preview/publish.ts + 4 modules
var publish = __webpack_require__(2586);
;// CONCATENATED MODULE: ./src/preview/finish.ts






async function connectionOutputsFor(ctx, args) {
    const { settings } = args;
    const uris = urisFromCreate(args.connectionUris, settings.role, settings.database) ??
        (await fetchUris(ctx.neon, {
            projectId: args.projectId,
            branchId: args.branch.id,
            endpointId: args.endpoint.id,
            role: settings.role,
            database: settings.database,
        }));
    ctx.secrets.addUri(uris.direct);
    ctx.secrets.addUri(uris.pooled);
    const outputs = connectionOutputs(uris, settings);
    for (const value of [outputs['db-url'], outputs['db-url-pooled']])
        ctx.secrets.addUri(value);
    return outputs;
}
async function finishBranch(ctx, args, extraOutputs = {}) {
    const { branch, projectId, settings } = args;
    const conn = await (0,logger/* phase */.O)('Connection details', async () => {
        const outputs = await connectionOutputsFor(ctx, args);
        ctx.log.info(`Host ${outputs['db-host']}, pooled host ${outputs['db-host-pooled']}, database ${settings.database}, role ${settings.role}`);
        return outputs;
    });
    for (const [name, value] of Object.entries(extraOutputs))
        if (value !== undefined)
            ctx.setOutput(name, value);
    for (const [name, value] of Object.entries(conn))
        ctx.setOutput(name, value);
    const extra = {};
    if (settings.getAuthUrl)
        extra['auth-url'] = await optionalGet(() => authUrl(ctx, projectId, branch.id));
    if (settings.getDataApiUrl)
        extra['data-api-url'] = await optionalGet(() => dataApiUrl(ctx, projectId, branch.id, settings.database));
    const parentName = await parentNameOf(ctx, projectId, branch);
    const commentUrl = await (0,logger/* phase */.O)('Comment and summary', () => (0,publish/* publishReport */.S)(ctx, args.command, branch.name, {
        comment: (0,branch_report/* renderBranchReport */.dj)({
            command: args.command,
            projectId,
            branchId: branch.id,
            branchName: branch.name,
            parentName,
            created: args.created,
            expiresAt: branch.expires_at,
            host: conn['db-host'],
            pooledHost: conn['db-host-pooled'],
            schemaOnly: branch.init_source === 'schema-only',
        }),
    }));
    return {
        outputs: {
            'branch-id': branch.id,
            'branch-name': branch.name,
            created: String(args.created),
            'expires-at': branch.expires_at ?? '',
            ...extra,
            ...(commentUrl ? { 'comment-url': commentUrl } : {}),
        },
    };
}
async function parentNameOf(ctx, projectId, branch) {
    if (!branch.parent_id)
        return undefined;
    try {
        const { data } = await ctx.neon.call('getProjectBranch', { path: { project_id: projectId, branch_id: branch.parent_id } });
        return (0,src_neon/* parse */.qg)(src_neon/* BranchResponseSchema */.Vk, data, 'getProjectBranch').branch.name;
    }
    catch {
        return branch.parent_id;
    }
}
/** One GET; a 404 (not configured) is an empty output, not a failure. */
async function optionalGet(get) {
    try {
        return await get();
    }
    catch (e) {
        if (e instanceof src_neon/* NeonApiError */.tB && e.status === 404)
            return '';
        throw e;
    }
}
async function authUrl(ctx, projectId, branchId) {
    const { data } = await ctx.neon.call('getNeonAuth', { path: { project_id: projectId, branch_id: branchId } });
    return String(data.base_url ?? '');
}
async function dataApiUrl(ctx, projectId, branchId, database) {
    const { data } = await ctx.neon.call('getProjectBranchDataAPI', {
        path: { project_id: projectId, branch_id: branchId, database_name: database },
    });
    return String(data.url ?? '');
}


/***/ }),

/***/ 3192:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bs: () => (/* binding */ waitUntilReady),
/* harmony export */   s5: () => (/* binding */ endpointBody)
/* harmony export */ });
/* unused harmony exports readWriteEndpoint, addReadWriteEndpoint */
/* harmony import */ var _neon_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8355);


function endpointBody(compute) {
    return {
        type: 'read_write',
        autoscaling_limit_min_cu: compute.cuMin,
        autoscaling_limit_max_cu: compute.cuMax,
        suspend_timeout_seconds: compute.suspendTimeout,
    };
}
async function readWriteEndpoint(neon, projectId, branchId) {
    const { data } = await neon.call('listProjectBranchEndpoints', { path: { project_id: projectId, branch_id: branchId } });
    return (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EndpointsResponseSchema */ .ZG, data, 'listProjectBranchEndpoints').endpoints.find((e) => e.type === 'read_write');
}
/** Creates a read_write endpoint for a branch that has none, and waits for it. */
async function addReadWriteEndpoint(neon, projectId, branchId, compute) {
    neon.logger.info(`Branch ${branchId} has no read_write endpoint: creating one`);
    const result = await neon.call('createProjectEndpoint', { path: { project_id: projectId }, body: { endpoint: { branch_id: branchId, ...endpointBody(compute) } } }, { reconcile: () => readWriteEndpoint(neon, projectId, branchId) });
    if (result.reconciled)
        return result.data;
    const data = result.data;
    await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperations */ .ft)(neon, projectId, data.operations);
    return data.endpoint;
}
/** Polls (200 ms, growing to 1 s) until the branch is ready with a read_write endpoint out of `init`. */
async function waitUntilReady(neon, projectId, branchId, compute) {
    const started = neon.now();
    let interval = 200;
    for (;;) {
        const { data } = await neon.call('getProjectBranch', { path: { project_id: projectId, branch_id: branchId } });
        const branch = (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .BranchResponseSchema */ .Vk, data, 'getProjectBranch').branch;
        let endpoint;
        if (branch.current_state === 'ready') {
            endpoint = await readWriteEndpoint(neon, projectId, branchId);
            if (!endpoint)
                endpoint = await addReadWriteEndpoint(neon, projectId, branchId, compute);
            if (endpoint.current_state !== 'init')
                return { branch, endpoint };
        }
        if (neon.now() + interval > neon.deadline) {
            const what = branch.current_state !== 'ready' ? `branch state "${branch.current_state}"` : 'its endpoint still in "init"';
            throw new Error(`Timed out after ${(0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatMs */ ._V)(neon.now() - started)} waiting for branch ${branchId} to be ready (${what})`);
        }
        await neon.sleep(interval);
        interval = Math.min(1_000, Math.round(interval * 1.5));
    }
}


/***/ })

};
