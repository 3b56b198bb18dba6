export const id = 914;
export const ids = [914];
export const modules = {

/***/ 8137:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AL: () => (/* binding */ renderDeletedReport),
/* harmony export */   dj: () => (/* binding */ renderBranchReport)
/* harmony export */ });
/* unused harmony exports formatBytes, formatSeconds */
/* harmony import */ var _lookup_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2964);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1975);
/** The sticky comment and job summary of create-branch, reset-branch and cleanup: pure renderers. */


function renderBranchReport(r) {
    const what = r.command === 'anonymize'
        ? r.created
            ? 'created and its data masked'
            : 'masked again with the current rules'
        : r.command === 'snapshot'
            ? 'restored from a snapshot'
            : r.command === 'reset-branch'
                ? r.created
                    ? 'created (it did not exist yet)'
                    : "reset to its parent's head"
                : r.created
                    ? 'created'
                    : 'already existed and is reused';
    const lines = [
        '### Neon preview branch',
        '',
        `The branch ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .a)(r.branchName)} was ${what}. [Open it in the Neon console](${(0,_lookup_js__WEBPACK_IMPORTED_MODULE_0__/* .consoleUrl */ .B9)(r.projectId, r.branchId)}).`,
        '',
        '| | |',
        '|---|---|',
        `| Branch | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .a)(r.branchName)} (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .a)(r.branchId)}) |`,
        `| Parent | ${r.parentName ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .a)(r.parentName) : 'the default branch'}${r.schemaOnly ? ' (schema only)' : ''} |`,
        `| Expires | ${r.expiresAt ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X)(r.expiresAt) : 'never'} |`,
        `| Host | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .a)(r.host)} |`,
        `| Pooled host | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .a)(r.pooledHost)} |`,
        '',
        '<sub>Connection URIs are step outputs (masked); this comment never holds a password.</sub>',
    ];
    return lines.join('\n');
}
function renderDeletedReport(r) {
    const lines = ['### Neon preview branch', ''];
    if (r.alreadyGone)
        lines.push(`The branch ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .a)(r.branchName)} was already gone: nothing to delete.`);
    else
        lines.push(`The branch ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .a)(r.branchName)} (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .a)(r.branchId ?? '')}) was deleted.`);
    if (!r.alreadyGone && (r.computeTimeSeconds !== undefined || r.writtenDataBytes !== undefined)) {
        const parts = [];
        if (r.computeTimeSeconds !== undefined)
            parts.push(`compute time ${formatSeconds(r.computeTimeSeconds)}`);
        if (r.writtenDataBytes !== undefined)
            parts.push(`data written ${formatBytes(r.writtenDataBytes)}`);
        lines.push('', `It used, as last reported by Neon: ${parts.join(', ')}.`);
    }
    return lines.join('\n');
}
function formatBytes(n) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    let v = n;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
function formatSeconds(s) {
    if (s < 60)
        return `${s} s`;
    if (s < 3600)
        return `${Math.floor(s / 60)} min ${s % 60} s`;
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}


/***/ }),

/***/ 2964:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AN: () => (/* binding */ requireProjectId),
/* harmony export */   B9: () => (/* binding */ consoleUrl),
/* harmony export */   OR: () => (/* binding */ defaultBranch),
/* harmony export */   pd: () => (/* binding */ resolveBranch),
/* harmony export */   v: () => (/* binding */ requireBranchName)
/* harmony export */ });
/* harmony import */ var _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1318);
/* harmony import */ var _neon_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8355);


/** The preview branch name, or one line naming branch-name and pr-number when there is none. */
function requireBranchName(ctx) {
    if (ctx.branchName)
        return ctx.branchName;
    throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('branch-name', `is required on ${ctx.github.eventName || 'this'} events: no pull request number was found (give branch-name, or pr-number)`);
}
function requireProjectId(ctx) {
    const id = ctx.common.projectId;
    if (!id)
        throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('project-id', 'is required (or set NEON_PROJECT_ID)');
    return id;
}
/** A branch by exact id or name; a miss is bad input naming `input`. */
async function resolveBranch(neon, projectId, nameOrId, input) {
    const branch = await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_1__/* .findBranchByNameOrId */ .O)(neon, projectId, nameOrId);
    if (!branch)
        throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d(input, `names no branch of project ${projectId}: "${nameOrId}" was not found by name or id`);
    return branch;
}
/** The project's default branch (one listing). */
async function defaultBranch(neon, projectId) {
    const { branches } = await (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_1__/* .listAllBranches */ .gf)(neon, projectId);
    const found = branches.find((b) => b.default);
    if (!found)
        throw new Error(`Project ${projectId} has no default branch`);
    return found;
}
/** The console page of a branch, for comments and summaries. */
function consoleUrl(projectId, branchId) {
    return `https://console.neon.tech/app/projects/${encodeURIComponent(projectId)}/branches/${encodeURIComponent(branchId)}`;
}


/***/ }),

/***/ 1975:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ escapeText),
/* harmony export */   a: () => (/* binding */ code)
/* harmony export */ });
/** Escaping for user data (branch names, hosts) inside comment and summary Markdown. */
const HTML = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '|': '&#124;', '`': '&#96;' };
/** Text safe in a table cell and outside code: no tags, pipes, backticks, newlines or HTML comments. */
function escapeText(text) {
    return text.replace(/[&<>"|`]/g, (c) => HTML[c]).replace(/[\r\n]+/g, ' ');
}
/** Inline code that user data cannot break out of. */
function code(text) {
    return `<code>${escapeText(text)}</code>`;
}


/***/ }),

/***/ 2586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S: () => (/* binding */ publishReport)
});

// EXTERNAL MODULE: ./src/github/context.ts
var context = __webpack_require__(9556);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/github/redact.ts
/**
 * The last line of defence before text leaves for GitHub (a PR comment, a job summary): every
 * registered secret, and its URL-encoded form, becomes `***`. `assertNoSecrets` is for places
 * where a leak is a bug to report rather than text to patch.
 */
const REDACTED = '***';
/** Secrets and their URL-encoded forms, longest first, so a URI goes whole before the password in it. */
function redact_forms(secrets) {
    const all = new Set();
    for (const secret of secrets) {
        if (!secret)
            continue;
        all.add(secret);
        all.add(encodeURIComponent(secret));
        // Forms a URI-embedded password takes: encodeURIComponent leaves !'()* alone, WHATWG URL does not.
        all.add(encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
    }
    return [...all].sort((a, b) => b.length - a.length);
}
function redact(text, secrets) {
    let out = text;
    for (const form of redact_forms(secrets))
        out = out.split(form).join(REDACTED);
    return out;
}
class SecretLeakError extends Error {
    constructor(where) {
        super(`refusing to write ${where}: it contains a secret`);
        this.name = 'SecretLeakError';
    }
}
/** Throws (without quoting the secret) when `text` holds any secret in any of its forms. */
function assertNoSecrets(text, secrets, where = 'the text') {
    for (const form of redact_forms(secrets))
        if (text.includes(form))
            throw new SecretLeakError(where);
}

;// CONCATENATED MODULE: ./src/github/truncate.ts
/**
 * Cutting Markdown short without breaking what follows: never inside a character, and with any
 * code fence or `<details>` left open at the cut closed again, so a note after it still renders.
 */
/** The fence (a run of backticks or tildes) left open at the end of `text`, per CommonMark's pairing. */
function openFence(text) {
    let open;
    for (const line of text.split('\n')) {
        const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
        if (!m)
            continue;
        const run = m[1];
        const rest = m[2];
        if (open === undefined) {
            if (!(run[0] === '`' && rest.includes('`')))
                open = run;
        }
        else if (run[0] === open[0] && run.length >= open.length && rest.trim() === '') {
            open = undefined;
        }
    }
    return open;
}
const MAX_DETAILS_CLOSED = 8;
/** The most `closingFor` can add: a fence of up to 16 characters and 8 `</details>`. */
const MAX_CLOSING_LENGTH = 17 + '\n</details>'.length * MAX_DETAILS_CLOSED;
/** What to append to `text` to close its open fence and `<details>` elements. */
function closingFor(text) {
    const fence = openFence(text);
    let closing = fence ? `\n${fence.slice(0, 16)}` : '';
    const open = (text.match(/<details\b/gi) ?? []).length - (text.match(/<\/details>/gi) ?? []).length;
    for (let i = 0; i < Math.min(open, MAX_DETAILS_CLOSED); i++)
        closing += '\n</details>';
    return closing;
}
/** Drops a partial last line when the cut left one, unless that would lose too much. */
function atLineEnd(kept) {
    const newline = kept.lastIndexOf('\n');
    return newline > 0 && kept.length - newline < 2000 ? kept.slice(0, newline) : kept;
}
/** At most `maxChars` UTF-16 units: the kept text, its closers, then `note`. */
function truncateToChars(text, maxChars, note) {
    if (text.length <= maxChars)
        return text;
    let cut = Math.max(0, maxChars - MAX_CLOSING_LENGTH - note.length);
    if (cut > 0 && /[\uD800-\uDBFF]/.test(text[cut - 1]))
        cut--;
    const kept = atLineEnd(text.slice(0, cut));
    return `${kept}${closingFor(kept)}${note}`;
}
/** At most `maxBytes` of UTF-8: the kept text (whole characters), its closers, then `note`. */
function truncateToBytes(text, maxBytes, note) {
    const buf = Buffer.from(text, 'utf8');
    if (buf.length <= maxBytes)
        return text;
    let end = Math.max(0, maxBytes - MAX_CLOSING_LENGTH - Buffer.byteLength(note, 'utf8'));
    while (end > 0 && (buf[end] & 0xc0) === 0x80)
        end--; // step back off UTF-8 continuation bytes
    const kept = atLineEnd(buf.subarray(0, end).toString('utf8'));
    return `${kept}${closingFor(kept)}${note}`;
}

;// CONCATENATED MODULE: ./src/github/sticky-comment.ts
/**
 * One sticky PR comment per command and branch. It is found by a marker on its first line, among
 * comments written by a bot, across every page of the conversation; it is updated in place, left
 * alone when only its timestamp would change, and concurrent runs converge on the oldest copy.
 * A 403 (a read-only token, as on fork PRs) is a warning, never a failure.
 */



/** Re-exported for callers that reach the PR helpers through this module. */

/** GitHub refuses bodies of 65,536 characters or more; stay well under, whatever the encoding. */
const MAX_COMMENT_LENGTH = 65_000;
/**
 * The timestamp line convention: `<sub>Updated YYYY-MM-DD HH:MM UTC…</sub>` alone on a line.
 * Such lines are ignored when deciding whether a comment changed.
 */
const TIMESTAMP_LINE = /^<sub>Updated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC[^\n]*<\/sub>[ \t]*$/m;
const TIMESTAMP_LINES = new RegExp(TIMESTAMP_LINE.source, 'gm');
/**
 * `<!-- neon-preview-action:{command}:{project-id}:{sha1 hex of branch-name} -->`. The branch name is
 * hashed and the project id kept to `[A-Za-z0-9._-]`, so no user text can close the HTML comment.
 */
function commentMarker(command, projectId, branchName) {
    const safe = (s) => s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/-{2,}/g, (d) => '_'.repeat(d.length));
    const hash = (0,external_node_crypto_.createHash)('sha1').update(branchName, 'utf8').digest('hex');
    return `<!-- neon-preview-action:${safe(command)}:${safe(projectId)}:${hash} -->`;
}
function timestampLine(at, runUrl) {
    const when = at.toISOString().slice(0, 16).replace('T', ' ');
    const run = runUrl && /^https?:\/\/[^\s"<>]+$/.test(runUrl) ? ` · <a href="${runUrl}">workflow run</a>` : '';
    return `<sub>Updated ${when} UTC${run}</sub>`;
}
async function upsertStickyComment(octokit, options) {
    const { owner, repo, issueNumber: issue_number, logger } = options;
    const stamp = options.updatedAt === null ? undefined : timestampLine(options.updatedAt ?? new Date(), options.runUrl);
    const body = composeBody(options.marker, redact(options.body, options.secrets ?? []), stamp, logger);
    return onForbidden(logger, 'write the PR comment', async () => {
        const existing = await findStickyComments(octokit, options);
        const keep = existing[0];
        if (keep) {
            await deleteComments(octokit, options, existing.slice(1));
            if (sameContent(keep.body ?? '', body)) {
                logger.info(`PR comment unchanged: ${keep.html_url}`);
                return { url: keep.html_url, action: 'unchanged' };
            }
            const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: keep.id, body });
            logger.info(`Updated the PR comment: ${data.html_url}`);
            return { url: data.html_url, action: 'updated' };
        }
        const { data: created } = await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
        return converge(octokit, options, created, body);
    });
}
/**
 * After creating: re-list, keep the oldest copy of the marker, delete the newer ones (another run's
 * or ours), and carry our body over when the survivor is another run's.
 */
async function converge(octokit, options, created, body) {
    const { owner, repo, logger } = options;
    const all = await findStickyComments(octokit, options);
    const keep = all[0] ?? created;
    const newer = all.slice(1);
    // a listing can lag behind a create: ours goes too when an older copy won but ours is not listed
    if (keep.id !== created.id && !newer.some((c) => c.id === created.id))
        newer.push(created);
    await deleteComments(octokit, options, newer);
    if (keep.id === created.id) {
        logger.info(`Created the PR comment: ${created.html_url}`);
        return { url: created.html_url, action: 'created' };
    }
    logger.info(`Another run created the same PR comment at once; keeping the older one: ${keep.html_url}`);
    if (sameContent(keep.body ?? '', body))
        return { url: keep.html_url, action: 'unchanged' };
    const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: keep.id, body });
    return { url: data.html_url, action: 'updated' };
}
/** Deletes every bot comment carrying the marker. Returns how many went. */
async function deleteStickyComment(octokit, target) {
    const result = await onForbidden(target.logger, 'delete the PR comment', async () => {
        const found = await findStickyComments(octokit, target);
        await deleteComments(octokit, target, found);
        return { deleted: found.length, action: found.length > 0 ? 'deleted' : 'none' };
    });
    return 'url' in result ? { deleted: 0, action: 'skipped' } : result;
}
/** Bot comments whose first line is the marker, oldest first. All pages, 100 a page. */
async function findStickyComments(octokit, target) {
    const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        per_page: 100,
    }));
    const logins = new Set(target.authorLogins ?? []);
    return comments
        .filter((c) => firstLine(c.body ?? '') === target.marker)
        .filter((c) => c.user != null && (c.user.type === 'Bot' || logins.has(c.user.login)))
        .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
}
async function deleteComments(octokit, target, comments) {
    for (const comment of comments) {
        try {
            await octokit.rest.issues.deleteComment({ owner: target.owner, repo: target.repo, comment_id: comment.id });
            target.logger.debug(`Deleted duplicate PR comment ${comment.id}`);
        }
        catch (error) {
            if (statusOf(error) !== 404)
                throw error; // another run deleted it first
        }
    }
}
function firstLine(body) {
    const end = body.indexOf('\n');
    return (end === -1 ? body : body.slice(0, end)).trim();
}
/** Equal once line endings, timestamp lines and trailing blanks are set aside. */
function sameContent(a, b) {
    return comparable(a) === comparable(b);
}
function comparable(body) {
    return body
        .replace(/\r\n?/g, '\n')
        .replace(TIMESTAMP_LINES, '')
        .replace(/[ \t]+$/gm, '')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
}
/** Marker, content, timestamp; the content is cut (with a note) so the whole stays under the cap. */
function composeBody(marker, content, stamp, logger) {
    const tail = stamp ? `\n\n${stamp}` : '';
    const room = MAX_COMMENT_LENGTH - marker.length - 1 - tail.length;
    let text = content.replace(/\r\n?/g, '\n').trimEnd();
    if (text.length > room) {
        logger?.warning(`The PR comment is ${text.length} characters long; cutting it to fit GitHub's limit`);
        text = truncateToChars(text, room, TRUNCATION_NOTE);
    }
    return `${marker}\n${text}${tail}`;
}
const TRUNCATION_NOTE = "\n\n> [!NOTE]\n> This comment was cut to fit GitHub's size limit; the job summary and the step outputs have the rest.";
function statusOf(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}
/** Runs `fn`; a 403 becomes one warning and a `skipped` result. */
async function onForbidden(logger, what, fn) {
    try {
        return await fn();
    }
    catch (error) {
        if (statusOf(error) !== 403)
            throw error;
        const reason = error.message.split('\n')[0];
        logger.warning(`Could not ${what} (HTTP 403: ${reason}). The token is read-only here (as on fork pull requests) or lacks \`pull-requests: write\`.`);
        return { url: undefined, action: 'skipped' };
    }
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
;// CONCATENATED MODULE: ./src/github/summary.ts
/**
 * The job summary: Markdown appended through @actions/core's `summary`, kept under GitHub's 1 MiB
 * limit per step (900 KB by default, measured in UTF-8 bytes) and cut with a note when longer.
 */



const MAX_SUMMARY_BYTES = 900 * 1024;
/** Appends `markdown` to the step's summary. No-op (written=false) outside a runner. */
async function writeJobSummary(markdown, options = {}) {
    const maxBytes = options.maxBytes ?? MAX_SUMMARY_BYTES;
    const text = fitSummary(redact(markdown, options.secrets ?? []), maxBytes);
    const bytes = Buffer.byteLength(text.markdown, 'utf8');
    const sink = options.sink ?? (process.env.GITHUB_STEP_SUMMARY ? core.summary : undefined);
    if (!sink)
        return { written: false, truncated: text.truncated, bytes };
    await sink.addRaw(text.markdown, true).write();
    return { written: true, truncated: text.truncated, bytes };
}
const NOTE = '\n\n> [!NOTE]\n> This summary was cut to fit the size limit of a job summary.\n';
/** `markdown`, or its head cut at a line end within `maxBytes` of UTF-8, with a note. */
function fitSummary(markdown, maxBytes) {
    const fitted = truncateToBytes(markdown, maxBytes, NOTE);
    return { markdown: fitted, truncated: fitted !== markdown };
}

;// CONCATENATED MODULE: ./src/preview/publish.ts



async function publishReport(ctx, 
/** The comment's command; with several, each existing comment of them is updated (else the first is made). */
command, branchName, body) {
    const summary = ctx.secrets.redact(body.summary ?? body.comment);
    try {
        await writeJobSummary(summary);
    }
    catch (e) {
        ctx.log.warning(`Could not write the job summary: ${e.message}`);
    }
    if (!ctx.common.comment || ctx.prNumber === undefined || !(0,context/* isPrEvent */.jX)(ctx.github))
        return undefined;
    if (!ctx.common.githubToken) {
        ctx.log.warning('No github-token: skipping the PR comment');
        return undefined;
    }
    const { createOctokit } = await Promise.all(/* import() */[__webpack_require__.e(239), __webpack_require__.e(702)]).then(__webpack_require__.bind(__webpack_require__, 6702));
    const octokit = createOctokit(ctx.common.githubToken, { apiUrl: ctx.github.apiUrl, logger: ctx.log });
    const target = { owner: ctx.github.repo.owner, repo: ctx.github.repo.repo, issueNumber: ctx.prNumber, logger: ctx.log };
    const markerOf = (c) => commentMarker(c, ctx.common.projectId ?? '', branchName);
    try {
        let commands = Array.isArray(command) ? command : [command];
        if (commands.length > 1) {
            const existing = [];
            for (const c of commands)
                if ((await findStickyComments(octokit, { ...target, marker: markerOf(c) })).length > 0)
                    existing.push(c);
            commands = existing.length > 0 ? existing : commands.slice(0, 1);
        }
        let url;
        for (const c of commands) {
            const result = await upsertStickyComment(octokit, { ...target, marker: markerOf(c), body: ctx.secrets.redact(body.comment), updatedAt: null });
            if (result.action !== 'skipped')
                ctx.log.info(`PR comment ${result.action}: ${result.url}`);
            url ??= result.url;
        }
        return url;
    }
    catch (e) {
        // the branch is what the step is for; a comment GitHub would not take is a warning
        ctx.log.warning(`Could not write the PR comment: ${e.message.split('\n')[0]}`);
        return undefined;
    }
}


/***/ })

};
