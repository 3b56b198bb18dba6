export const id = 998;
export const ids = [998];
export const modules = {

/***/ 8998:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   resetToParent: () => (/* binding */ resetToParent),
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _github_context_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9556);
/* harmony import */ var _inputs_commands_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4661);
/* harmony import */ var _neon_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8355);
/* harmony import */ var _preview_expiry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3657);
/* harmony import */ var _preview_finish_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8917);
/* harmony import */ var _preview_get_or_create_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9045);
/* harmony import */ var _preview_lookup_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2964);
/* harmony import */ var _preview_readiness_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3192);
/* harmony import */ var _runtime_logger_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8118);
/**
 * reset-branch: reset the preview branch to its parent's head (its id and URIs stay), creating it
 * when missing so one step serves `opened` and `synchronize`.
 */









async function run(ctx) {
    const settings = (0,_inputs_commands_js__WEBPACK_IMPORTED_MODULE_1__/* .parseBranchSettings */ .b$)(ctx.read, ctx.now());
    const projectId = (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_6__/* .requireProjectId */ .AN)(ctx);
    const name = (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_6__/* .requireBranchName */ .v)(ctx);
    const { neon } = ctx;
    const existing = await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_8__/* .phase */ .O)(`Find branch ${name}`, () => (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .findBranchByExactName */ .n9)(neon, projectId, name));
    if (!existing) {
        ctx.log.info(`Branch ${name} does not exist yet: creating it`);
        const outcome = await (0,_preview_get_or_create_js__WEBPACK_IMPORTED_MODULE_5__/* .createOrAdopt */ .KL)(neon, projectId, name, {
            ...settings,
            parentId: async () => settings.parentBranch ? (await (0,_preview_lookup_js__WEBPACK_IMPORTED_MODULE_6__/* .resolveBranch */ .pd)(neon, projectId, settings.parentBranch, 'parent-branch')).id : undefined,
        }, (0,_github_context_js__WEBPACK_IMPORTED_MODULE_0__/* .annotationsFor */ .gX)(ctx.github, ctx.prNumber, ctx.version), ctx.signal);
        ctx.setOutput('branch-id', outcome.branch.id);
        ctx.setOutput('created', String(outcome.created));
        if (outcome.created && outcome.endpoint)
            return (0,_preview_finish_js__WEBPACK_IMPORTED_MODULE_4__/* .finishBranch */ .y)(ctx, {
                command: 'reset-branch',
                projectId,
                branch: outcome.branch,
                created: true,
                endpoint: outcome.endpoint,
                connectionUris: outcome.connectionUris,
                settings,
            });
        const ready = await (0,_preview_readiness_js__WEBPACK_IMPORTED_MODULE_7__/* .waitUntilReady */ .bs)(neon, projectId, outcome.branch.id, settings);
        return (0,_preview_finish_js__WEBPACK_IMPORTED_MODULE_4__/* .finishBranch */ .y)(ctx, { command: 'reset-branch', projectId, ...ready, created: outcome.created, settings });
    }
    ctx.setOutput('branch-id', existing.id);
    ctx.setOutput('created', 'false');
    await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_8__/* .phase */ .O)(`Reset ${name} to its parent's head`, () => resetToParent(neon, projectId, existing, settings, ctx.signal));
    const ready = await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_8__/* .phase */ .O)(`Wait until ${name} is ready`, () => (0,_preview_readiness_js__WEBPACK_IMPORTED_MODULE_7__/* .waitUntilReady */ .bs)(neon, projectId, existing.id, settings));
    return (0,_preview_finish_js__WEBPACK_IMPORTED_MODULE_4__/* .finishBranch */ .y)(ctx, { command: 'reset-branch', projectId, ...ready, created: false, settings });
}
/** Checks what Neon would refuse, then restores the branch from its parent (same id and URIs). */
async function resetToParent(neon, projectId, branch, settings, signal) {
    if (branch.protected)
        throw new Error(`Branch ${branch.name} is protected: Neon does not reset protected branches`);
    if (!branch.parent_id || branch.init_source === 'schema-only')
        throw new Error(`Branch ${branch.name} is a root (schema-only) branch: it has no parent to reset from; delete and create it instead`);
    const { branches } = await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .listAllBranches */ .gf)(neon, projectId);
    const children = branches.filter((b) => b.parent_id === branch.id);
    if (children.length > 0)
        throw new Error(`Branch ${branch.name} has child branches (${children.map((c) => c.name).join(', ')}): delete them before resetting it`);
    if (signal?.aborted)
        throw new Error('Cancelled before resetting the branch');
    const started = neon.now();
    const result = await neon.call('restoreProjectBranch', { path: { project_id: projectId, branch_id: branch.id }, body: { source_branch_id: branch.parent_id } }, {
        reconcile: async () => {
            const { data } = await neon.call('getProjectBranch', { path: { project_id: projectId, branch_id: branch.id } });
            const now = (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .BranchResponseSchema */ .Vk, data, 'getProjectBranch').branch;
            return now.last_reset_at && Date.parse(now.last_reset_at) >= started - 60_000 ? now : undefined;
        },
    });
    if (!result.reconciled) {
        const restored = (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .BranchOperationsSchema */ .w$, result.data, 'restoreProjectBranch');
        await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .waitForOperations */ .ft)(neon, projectId, restored.operations);
    }
    neon.logger.info(`Branch ${branch.name} (${branch.id}) now holds its parent's head`);
    if (settings.expiresAt !== undefined)
        await (0,_preview_expiry_js__WEBPACK_IMPORTED_MODULE_3__/* .updateExpiry */ .P)(neon, projectId, branch, settings.expiresAt);
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
