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


/***/ })

};
