export const id = 17;
export const ids = [17];
export const modules = {

/***/ 1017:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _github_context_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9556);
/* harmony import */ var _inputs_commands_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4661);
/* harmony import */ var _preview_finish_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8917);
/* harmony import */ var _preview_get_or_create_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9045);
/* harmony import */ var _preview_lookup_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2964);
/* harmony import */ var _preview_readiness_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3192);
/* harmony import */ var _preview_expiry_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3657);
/* harmony import */ var _runtime_logger_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8118);
/**
 * create-branch: get-or-create the preview branch (race-safe), make sure it is ready when the step
 * ends, and hand out Neon's connection URIs, masked.
 */








async function run(ctx) {
    const settings = (0,_inputs_commands_js__WEBPACK_IMPORTED_MODULE_1__/* .parseBranchSettings */ .b$)(ctx.read, ctx.now());
    const projectId = (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_4__/* .requireProjectId */ .AN)(ctx);
    const name = (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_4__/* .requireBranchName */ .v)(ctx);
    const { neon } = ctx;
    const outcome = await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_7__/* .phase */ .O)(`Find or create branch ${name}`, () => (0,_preview_get_or_create_js__WEBPACK_IMPORTED_MODULE_3__/* .createOrAdopt */ .KL)(neon, projectId, name, {
        ...settings,
        parentId: async () => settings.parentBranch ? (await (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveBranch */ .pd)(neon, projectId, settings.parentBranch, 'parent-branch')).id : undefined,
    }, (0,_github_context_js__WEBPACK_IMPORTED_MODULE_0__/* .annotationsFor */ .gX)(ctx.github, ctx.prNumber, ctx.version), ctx.signal));
    ctx.log.info(outcome.created ? `Created branch ${name} (${outcome.branch.id})` : `Branch ${name} (${outcome.branch.id}) already exists: reusing it`);
    ctx.setOutput('branch-id', outcome.branch.id);
    ctx.setOutput('branch-name', outcome.branch.name);
    ctx.setOutput('created', String(outcome.created));
    if (outcome.created && outcome.endpoint) {
        return (0,_preview_finish_js__WEBPACK_IMPORTED_MODULE_2__/* .finishBranch */ .y)(ctx, {
            command: 'create-branch',
            projectId,
            branch: outcome.branch,
            created: true,
            endpoint: outcome.endpoint,
            connectionUris: outcome.connectionUris,
            settings,
        });
    }
    if (!outcome.created && settings.expiresAt !== undefined)
        await (0,_preview_expiry_js__WEBPACK_IMPORTED_MODULE_6__/* .updateExpiry */ .P)(neon, projectId, outcome.branch, settings.expiresAt);
    const ready = await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_7__/* .phase */ .O)(`Wait until ${name} is ready`, () => (0,_preview_readiness_js__WEBPACK_IMPORTED_MODULE_5__/* .waitUntilReady */ .bs)(neon, projectId, outcome.branch.id, settings));
    return (0,_preview_finish_js__WEBPACK_IMPORTED_MODULE_2__/* .finishBranch */ .y)(ctx, { command: 'create-branch', projectId, branch: ready.branch, created: outcome.created, endpoint: ready.endpoint, settings });
}


/***/ }),

/***/ 3657:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ updateExpiry)
/* harmony export */ });
/* harmony import */ var _neon_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8355);

/**
 * A rerun moves the expiry only when the input is set; Neon refusing it (a branch with children, a
 * protected or default branch) is a warning, not a failure.
 */
async function updateExpiry(neon, projectId, branch, expiresAt) {
    try {
        const { data } = await neon.call('updateProjectBranch', {
            path: { project_id: projectId, branch_id: branch.id },
            body: { branch: { expires_at: expiresAt } },
        });
        const updated = (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .BranchOperationsSchema */ .w$, data, 'updateProjectBranch');
        await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperations */ .ft)(neon, projectId, updated.operations);
        neon.logger.info(`Expiry of ${branch.name} set to ${expiresAt}`);
        return updated.branch;
    }
    catch (e) {
        if (e instanceof _neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .NeonApiError */ .tB && e.status >= 400 && e.status < 500) {
            neon.logger.warning(`Neon kept the expiry of ${branch.name} as it was: ${e.apiMessage || e.message}`);
            return branch;
        }
        throw e;
    }
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

/***/ 9045:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KL: () => (/* binding */ createOrAdopt),
/* harmony export */   mt: () => (/* binding */ deleteOwnBranch)
/* harmony export */ });
/* unused harmony export createBody */
/* harmony import */ var _neon_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8355);
/* harmony import */ var _readiness_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3192);


function createBody(name, opts, parentId, annotations) {
    return {
        branch: {
            name,
            parent_id: parentId,
            parent_lsn: opts.parentLsn,
            parent_timestamp: opts.parentTimestamp,
            init_source: opts.schemaOnly ? 'schema-only' : undefined,
            expires_at: opts.expiresAt,
        },
        endpoints: [(0,_readiness_js__WEBPACK_IMPORTED_MODULE_1__/* .endpointBody */ .s5)(opts)],
        annotation_value: annotations,
    };
}
/** Creates the branch, or finds the one another run (or an earlier try of this one) made. */
async function createOrAdopt(neon, projectId, name, opts, annotations, signal) {
    const existing = await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .findBranchByExactName */ .n9)(neon, projectId, name);
    if (existing)
        return { created: false, branch: existing };
    const parentId = await opts.parentId();
    if (signal?.aborted)
        throw new Error('Cancelled before creating the branch');
    let result;
    try {
        result = await neon.call('createProjectBranch', { path: { project_id: projectId }, body: createBody(name, opts, parentId, annotations) }, { reconcile: () => (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .findBranchByExactName */ .n9)(neon, projectId, name) });
    }
    catch (e) {
        if (e instanceof _neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .NeonApiError */ .tB && e.status === 409) {
            const raced = await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .findBranchByExactName */ .n9)(neon, projectId, name);
            if (raced) {
                neon.logger.info(`Branch "${name}" was created by another run meanwhile: adopting it`);
                return { created: false, branch: raced };
            }
            throw new Error(`Neon refused to create branch "${name}": ${e.apiMessage || e.message}`);
        }
        throw explainLimit(e);
    }
    if (result.reconciled)
        return { created: false, branch: result.data };
    const created = (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .CreatedBranchSchema */ .AJ, result.data, 'createProjectBranch');
    try {
        await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperations */ .ft)(neon, projectId, created.operations);
    }
    catch (e) {
        if (e instanceof _neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .NeonOperationError */ .Cg && e.reason === 'failed')
            await deleteOwnBranch(neon, projectId, created.branch);
        throw e;
    }
    return {
        created: true,
        branch: created.branch,
        endpoint: created.endpoints.find((ep) => ep.type === 'read_write'),
        connectionUris: created.connection_uris,
    };
}
function explainLimit(e) {
    if (!(e instanceof _neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .NeonApiError */ .tB) || e.status !== 422)
        return e;
    const text = `${e.code} ${e.apiMessage}`;
    if (!/LIMIT/i.test(text))
        return e;
    const root = /ROOT_BRANCHES/i.test(text) ? ' (schema-only branches count against the root-branch limit)' : '';
    return new Error(`Neon refused a new branch: the project's branch limit is reached${root} (${e.apiMessage}). ` +
        'Delete stale preview branches: run this action with command: cleanup and cleanup-mode: sweep (try dry-run: true first).');
}
/** Best effort: a run removes only what it made itself before it fails. */
async function deleteOwnBranch(neon, projectId, branch) {
    try {
        neon.logger.warning(`Deleting branch ${branch.name} (${branch.id}), which this run created, because its creation failed`);
        await neon.call('deleteProjectBranch', { path: { project_id: projectId, branch_id: branch.id } });
    }
    catch (e) {
        neon.logger.warning(`Could not delete branch ${branch.id}: ${e.message}`);
    }
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
