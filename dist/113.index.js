export const id = 113;
export const ids = [113];
export const modules = {

/***/ 8113:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/github/context.ts
var context = __webpack_require__(9556);
// EXTERNAL MODULE: ./src/inputs/commands.ts + 1 modules
var commands = __webpack_require__(4661);
// EXTERNAL MODULE: ./src/inputs/errors.ts
var errors = __webpack_require__(1318);
// EXTERNAL MODULE: ./src/neon/index.ts + 3 modules
var src_neon = __webpack_require__(8355);
// EXTERNAL MODULE: ./src/preview/delete.ts
var preview_delete = __webpack_require__(4222);
// EXTERNAL MODULE: ./src/preview/branch-report.ts
var branch_report = __webpack_require__(8137);
// EXTERNAL MODULE: ./src/preview/markdown.ts
var markdown = __webpack_require__(1975);
// EXTERNAL MODULE: ./src/preview/lookup.ts
var lookup = __webpack_require__(2964);
// EXTERNAL MODULE: ./src/preview/publish.ts + 4 modules
var publish = __webpack_require__(2586);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
// EXTERNAL MODULE: ./src/inputs/duration.ts
var duration = __webpack_require__(1601);
;// CONCATENATED MODULE: ./src/preview/sweep-plan.ts
/**
 * What a sweep deletes, decided purely from the branch listing and the open pull requests: preview
 * branches of this repository whose PR is closed (or, with max-age, old ones without an open PR),
 * never the default or a protected branch, never one younger than ten minutes, never a parent whose
 * children stay; children before parents.
 */



const MIN_AGE_MS = 10 * 60_000;
function patternMatcher(pattern) {
    return picomatch_default()(pattern, { dot: true });
}
function planSweep(input) {
    const matches = patternMatcher(input.pattern);
    const skipped = [];
    const candidates = new Map();
    for (const b of input.branches) {
        if (!matches(b.name))
            continue;
        const verdict = judge(b, input);
        if (verdict.delete)
            candidates.set(b.id, { id: b.id, name: b.name, reason: verdict.reason });
        else
            skipped.push({ id: b.id, name: b.name, reason: verdict.reason });
    }
    const children = new Map();
    for (const b of input.branches) {
        if (!b.parent_id)
            continue;
        if (!children.has(b.parent_id))
            children.set(b.parent_id, []);
        children.get(b.parent_id).push(b);
    }
    // A parent may go only with all of its children; dropping one candidate can strand its parent, so repeat.
    for (let changed = true; changed;) {
        changed = false;
        for (const [id, entry] of candidates) {
            const staying = (children.get(id) ?? []).filter((c) => !candidates.has(c.id));
            if (staying.length === 0)
                continue;
            candidates.delete(id);
            skipped.push({ ...entry, reason: `has child branches outside the deletion set: ${staying.map((c) => c.name).join(', ')}` });
            changed = true;
        }
    }
    const byId = new Map(input.branches.map((b) => [b.id, b]));
    const depth = (b, seen = 0) => b?.parent_id && seen < 100 ? 1 + depth(byId.get(b.parent_id), seen + 1) : 0;
    const ordered = [...candidates.values()].sort((a, b) => depth(byId.get(b.id)) - depth(byId.get(a.id)) || a.name.localeCompare(b.name));
    return { delete: ordered, skipped };
}
function judge(b, input) {
    if (b.default)
        return { delete: false, reason: 'the default branch' };
    if (b.protected)
        return { delete: false, reason: 'protected' };
    const value = input.annotations[b.id]?.value ?? {};
    const repo = value[names/* ANNOTATION */.YX.repo];
    if (input.requireAnnotations && repo !== input.repo)
        return {
            delete: false,
            reason: repo ? `annotated for another repository (${repo})` : `no ${names/* ANNOTATION */.YX.repo} annotation for ${input.repo}`,
        };
    const age = input.now - Date.parse(b.created_at);
    const pr = prNumberOf(b.name, value[names/* ANNOTATION */.YX.prNumber]);
    let verdict;
    if (pr === 'invalid')
        verdict = { delete: false, reason: `PR state could not be read: PR number "${value[names/* ANNOTATION */.YX.prNumber]}" is not a number` };
    else if (pr !== undefined && 'error' in input.openPulls)
        verdict = { delete: false, reason: `PR state could not be read: ${input.openPulls.error}` };
    else if (pr !== undefined && input.openPulls.has(pr))
        verdict = { delete: false, reason: `PR #${pr} is open` };
    else if (pr !== undefined)
        verdict = { delete: true, reason: `PR #${pr} is closed` };
    else if (input.maxAgeMs !== undefined && age > input.maxAgeMs)
        verdict = { delete: true, reason: `older than ${(0,duration/* formatDuration */.a3)(input.maxAgeMs)} with no open PR` };
    else
        verdict = { delete: false, reason: input.maxAgeMs === undefined ? 'no PR number (set max-age to sweep such branches)' : `younger than ${(0,duration/* formatDuration */.a3)(input.maxAgeMs)}` };
    if (verdict.delete && age < MIN_AGE_MS)
        return { delete: false, reason: 'created less than 10 minutes ago' };
    return verdict;
}
/** The PR number from the annotation, else from a `pr-<n>` in the name. */
function prNumberOf(name, annotation) {
    if (annotation !== undefined)
        return /^\d+$/.test(annotation) ? Number(annotation) : 'invalid';
    const m = /(?:^|[/_-])pr-(\d+)(?:$|[/_.-])/.exec(name);
    return m ? Number(m[1]) : undefined;
}

// EXTERNAL MODULE: ./src/runtime/logger.ts
var logger = __webpack_require__(8118);
;// CONCATENATED MODULE: ./src/commands/cleanup.ts
/**
 * cleanup: in a PR, delete its preview branch (already gone is fine); elsewhere, sweep stale preview
 * branches of this repository. Nothing else is ever touched.
 */











async function run(ctx) {
    const settings = (0,commands/* parseCleanupSettings */.LJ)(ctx.read);
    const projectId = (0,lookup/* requireProjectId */.AN)(ctx);
    const mode = settings.mode === 'auto' ? ((0,context/* isPrEvent */.jX)(ctx.github) && ctx.prNumber !== undefined ? 'pr' : 'sweep') : settings.mode;
    if (mode === 'pr')
        return cleanupPr(ctx, projectId);
    return sweep(ctx, projectId, settings);
}
/** A listing that fails with a 4xx is bad input: the project or the key is wrong. */
async function listOrExplain(neon, projectId, search) {
    try {
        return await (0,src_neon/* listAllBranches */.gf)(neon, projectId, { search });
    }
    catch (e) {
        if (e instanceof src_neon/* NeonApiError */.tB && e.status >= 400 && e.status < 500) {
            const input = e.status === 401 || e.status === 403 ? 'api-key' : 'project-id';
            const what = input === 'api-key' ? 'is not accepted for this project' : `names no project this key can see ("${projectId}")`;
            throw new errors/* InputError */.d(input, `${what}: Neon answered ${e.status} ${e.apiMessage}`);
        }
        throw e;
    }
}
async function cleanupPr(ctx, projectId) {
    const name = (0,lookup/* requireBranchName */.v)(ctx);
    const { branches } = await (0,logger/* phase */.O)(`Find branch ${name}`, () => listOrExplain(ctx.neon, projectId, name));
    const branch = branches.find((b) => b.name === name);
    let deleted = false;
    if (branch)
        deleted = await (0,logger/* phase */.O)(`Delete branch ${name} (${branch.id})`, () => (0,preview_delete/* deleteBranch */.S)(ctx.neon, projectId, branch.id));
    if (!deleted)
        ctx.log.notice?.(`Branch ${name} is already gone: nothing to delete`);
    else
        ctx.log.info(`Deleted branch ${name} (${branch.id})`);
    const usage = branch;
    const commentUrl = await (0,publish/* publishReport */.S)(ctx, ['create-branch', 'reset-branch', 'anonymize'], name, {
        comment: (0,branch_report/* renderDeletedReport */.AL)({
            projectId,
            branchName: name,
            branchId: branch?.id,
            alreadyGone: !deleted,
            computeTimeSeconds: usage?.compute_time_seconds,
            writtenDataBytes: usage?.written_data_bytes,
        }),
    });
    const list = deleted ? [{ id: branch.id, name, reason: 'its pull request closed' }] : [];
    return { outputs: { deleted: JSON.stringify(list), skipped: '[]', ...(commentUrl ? { 'comment-url': commentUrl } : {}) } };
}
async function sweep(ctx, projectId, settings) {
    const repo = `${ctx.github.repo.owner}/${ctx.github.repo.repo}`;
    const listing = await (0,logger/* phase */.O)('List branches', () => listOrExplain(ctx.neon, projectId));
    const main = listing.branches.find((b) => b.default);
    if (main && patternMatcher(settings.branchPattern)(main.name))
        throw new errors/* InputError */.d('branch-pattern', `matches the default branch "${main.name}"; narrow it, e.g. preview/pr-*`);
    const openPulls = await (0,logger/* phase */.O)('Read open pull requests', () => readOpenPulls(ctx));
    const plan = planSweep({
        branches: listing.branches,
        annotations: listing.annotations,
        pattern: settings.branchPattern,
        requireAnnotations: settings.requireAnnotations,
        repo,
        openPulls,
        maxAgeMs: settings.maxAgeMs,
        now: ctx.now(),
    });
    ctx.log.info(`${settings.dryRun ? 'Would delete' : 'Deleting'} ${plan.delete.length} branch(es); skipping ${plan.skipped.length} matching ${settings.branchPattern}`);
    for (const s of plan.skipped)
        ctx.log.info(`  skip ${s.name} (${s.id}): ${s.reason}`);
    const failures = [];
    const done = [];
    if (settings.dryRun) {
        for (const d of plan.delete)
            ctx.log.info(`  would delete ${d.name} (${d.id}): ${d.reason}`);
        done.push(...plan.delete);
    }
    else {
        await (0,logger/* phase */.O)(`Delete ${plan.delete.length} branch(es)`, async () => {
            for (const d of plan.delete) {
                if (ctx.signal.aborted) {
                    failures.push(`${d.name}: not deleted, the run was cancelled`);
                    continue;
                }
                try {
                    const existed = await (0,preview_delete/* deleteBranch */.S)(ctx.neon, projectId, d.id);
                    ctx.log.info(`  ${existed ? 'deleted' : 'already gone'}: ${d.name} (${d.id}): ${d.reason}`);
                    done.push(d);
                }
                catch (e) {
                    failures.push(`${d.name}: ${e.message}`);
                    ctx.log.warning(`Could not delete ${d.name} (${d.id}): ${e.message}`);
                }
            }
        });
    }
    await (0,publish/* publishReport */.S)(ctx, 'cleanup', settings.branchPattern, { comment: renderSweep(done, plan.skipped, settings.dryRun) });
    return {
        outputs: { deleted: JSON.stringify(done), skipped: JSON.stringify(plan.skipped) },
        failure: failures.length ? `Could not delete ${failures.length} branch(es): ${failures.join('; ')}` : undefined,
    };
}
async function readOpenPulls(ctx) {
    if (!ctx.common.githubToken)
        return { error: 'no github-token to read pull requests with' };
    try {
        const { createOctokit } = await Promise.all(/* import() */[__webpack_require__.e(239), __webpack_require__.e(702)]).then(__webpack_require__.bind(__webpack_require__, 6702));
        const { listOpenPullNumbers } = await __webpack_require__.e(/* import() */ 487).then(__webpack_require__.bind(__webpack_require__, 4487));
        const octokit = createOctokit(ctx.common.githubToken, { apiUrl: ctx.github.apiUrl, logger: ctx.log });
        return await listOpenPullNumbers(octokit, ctx.github.repo.owner, ctx.github.repo.repo);
    }
    catch (e) {
        ctx.log.warning(`Could not read the open pull requests: ${e.message}`);
        return { error: `listing open pull requests failed (${e.message.split('\n')[0]})` };
    }
}
function renderSweep(deleted, skipped, dryRun) {
    const rows = (list) => list.map((e) => `| ${(0,markdown/* escapeText */.X)(e.name)} | ${(0,markdown/* escapeText */.X)(e.id)} | ${(0,markdown/* escapeText */.X)(e.reason)} |`);
    return [
        `### Neon preview branches: sweep${dryRun ? ' (dry run: nothing deleted)' : ''}`,
        '',
        `${dryRun ? 'Would delete' : 'Deleted'} ${deleted.length}, skipped ${skipped.length}.`,
        '',
        '| branch | id | why |',
        '|---|---|---|',
        ...rows(deleted),
        ...rows(skipped).map((r) => r.replace(/ \|$/, ' (skipped) |')),
    ].join('\n');
}


/***/ }),

/***/ 4222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ deleteBranch)
/* harmony export */ });
/* harmony import */ var _neon_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8355);

/** Deletes one branch and waits for it; `false` when Neon says it was already gone (204 or 404). */
async function deleteBranch(neon, projectId, branchId) {
    try {
        const { status, data } = await neon.call('deleteProjectBranch', { path: { project_id: projectId, branch_id: branchId } });
        if (status === 204)
            return false;
        await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperations */ .ft)(neon, projectId, (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(_neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .BranchOperationsSchema */ .w$, data, 'deleteProjectBranch').operations);
        return true;
    }
    catch (e) {
        if (e instanceof _neon_index_js__WEBPACK_IMPORTED_MODULE_0__/* .NeonApiError */ .tB && e.status === 404)
            return false;
        throw e;
    }
}


/***/ })

};
