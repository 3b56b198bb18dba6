export const id = 305;
export const ids = [305];
export const modules = {

/***/ 3305:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MAX_DIFF_OUTPUT: () => (/* binding */ MAX_DIFF_OUTPUT),
  capDiff: () => (/* binding */ capDiff),
  failOn: () => (/* binding */ failOn),
  run: () => (/* binding */ run),
  summarize: () => (/* binding */ summarize)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/inputs/commands.ts + 1 modules
var commands = __webpack_require__(4661);
// EXTERNAL MODULE: ./src/inputs/errors.ts
var errors = __webpack_require__(1318);
// EXTERNAL MODULE: ./src/neon/index.ts + 3 modules
var src_neon = __webpack_require__(8355);
// EXTERNAL MODULE: ./src/preview/lookup.ts
var lookup = __webpack_require__(2964);
// EXTERNAL MODULE: ./src/preview/publish.ts + 4 modules
var publish = __webpack_require__(2586);
// EXTERNAL MODULE: ./src/runtime/logger.ts
var logger = __webpack_require__(8118);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/schema/parser.ts
/**
 * Loads libpg-query (the real PostgreSQL 18 grammar, compiled to wasm) on demand, from a wasm file
 * or bytes that the caller can name. The package's own entry starts the wasm at import time from a
 * path next to itself, which breaks once bundled into an ESM `dist/` (no `__dirname`, no copied
 * `.wasm`); so we call its Emscripten factory ourselves and hand it the bytes.
 *
 * Where the wasm comes from, first match wins: `wasmBinary`; `wasmPath`; `libpg-query.wasm` next to
 * the running module (the bundled action ships `dist/libpg-query.wasm`); the installed package.
 */





class SqlSyntaxError extends Error {
    line;
    constructor(message, line) {
        super(message);
        this.line = line;
        this.name = 'SqlSyntaxError';
    }
}
const WASM_FILE_NAME = 'libpg-query.wasm';
/** Finds the wasm when no option names it: next to this module (bundled dist), else in node_modules. */
function defaultWasmPath() {
    // path arithmetic, not `new URL(…, import.meta.url)`, which the bundler would treat as an asset
    const beside = (0,external_node_path_.join)(moduleDir(), WASM_FILE_NAME);
    if ((0,external_node_fs_.existsSync)(beside))
        return beside;
    try {
        return (0,external_node_module_.createRequire)(import.meta.url).resolve(`libpg-query/wasm/${WASM_FILE_NAME}`);
    }
    catch {
        throw new Error(`cannot find ${WASM_FILE_NAME}: ship it next to the bundled action (dist/${WASM_FILE_NAME}) or pass wasmPath`);
    }
}
function moduleDir() {
    return (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
}
async function loadParser(options = {}) {
    const bytes = options.wasmBinary ?? (await (0,promises_.readFile)(options.wasmPath ?? defaultWasmPath()));
    const compiled = await webAssembly().compile(bytes);
    const factory = options.factory ?? (await __webpack_require__.e(/* import() */ 995).then(__webpack_require__.t.bind(__webpack_require__, 3995, 23))).default;
    let failInstantiation = () => { };
    const instantiationFailed = new Promise((_, reject) => {
        failInstantiation = reject;
    });
    const started = withNodeGlobals(() => factory({
        instantiateWasm(imports, receiveInstance) {
            webAssembly().instantiate(compiled, imports).then((instance) => receiveInstance(instance, compiled), failInstantiation);
            return {};
        },
    }));
    const module = await Promise.race([started, instantiationFailed]);
    return { parse: (sql) => parseWith(module, sql) };
}
function webAssembly() {
    return globalThis.WebAssembly;
}
/**
 * The factory reads `__dirname` and `require` when it starts (in its Node branch), which an ESM
 * bundle does not define. It only uses them to find the wasm, which we hand over ourselves, so a
 * stand-in for the duration of the synchronous start is enough; globals already present are kept.
 */
async function withNodeGlobals(start) {
    const g = globalThis;
    const added = [];
    if (typeof g.__dirname === 'undefined') {
        g.__dirname = moduleDir();
        added.push('__dirname');
    }
    if (typeof g.require === 'undefined') {
        g.require = (0,external_node_module_.createRequire)(import.meta.url);
        added.push('require');
    }
    let pending;
    try {
        pending = start();
    }
    finally {
        for (const name of added)
            delete g[name];
    }
    return pending;
}
function parseWith(module, sql) {
    if (sql.trim() === '')
        return { version: 0, stmts: [] };
    const size = Buffer.byteLength(sql, 'utf8') + 1;
    const queryPtr = module._malloc(size);
    let resultPtr = 0;
    try {
        writeCString(module, sql, queryPtr, size);
        resultPtr = module._wasm_parse_query_raw(queryPtr);
        if (!resultPtr)
            throw new Error('libpg-query: out of memory while parsing');
        // PgQueryParseResult { char *parse_tree; char *stderr_buffer; PgQueryError *error }
        const treePtr = module.getValue(resultPtr, 'i32');
        const errorPtr = module.getValue(resultPtr + 8, 'i32');
        if (errorPtr) {
            // PgQueryError { char *message; char *funcname; char *filename; int lineno; int cursorpos }
            const messagePtr = module.getValue(errorPtr, 'i32');
            const cursor = module.getValue(errorPtr + 16, 'i32');
            const message = messagePtr ? module.UTF8ToString(messagePtr) : 'syntax error';
            const line = cursor > 0 ? lineOfByte(sql, cursor - 1) : undefined;
            throw new SqlSyntaxError(line ? `${message} (line ${line} of the dump)` : message, line);
        }
        if (!treePtr)
            throw new Error('libpg-query returned no parse tree');
        return JSON.parse(readCString(module, treePtr));
    }
    finally {
        module._free(queryPtr);
        if (resultPtr)
            module._wasm_free_parse_result(resultPtr);
    }
}
/**
 * A NUL-terminated UTF-8 string out of wasm memory. The tree's JSON runs to megabytes for a big
 * dump; finding its end with a native `indexOf` and decoding it in one go is far faster than
 * Emscripten's byte-by-byte `UTF8ToString`.
 */
function readCString(module, ptr) {
    const heap = module.HEAPU8;
    if (!heap)
        return module.UTF8ToString(ptr);
    const end = heap.indexOf(0, ptr);
    return UTF8.decode(heap.subarray(ptr, end < 0 ? heap.length : end));
}
const UTF8 = new TextDecoder('utf-8');
/** Copies `text` into wasm memory as a NUL-terminated UTF-8 string (natively, not byte by byte). */
function writeCString(module, text, ptr, size) {
    const heap = module.HEAPU8;
    if (!heap) {
        module.stringToUTF8(text, ptr, size);
        return;
    }
    const { written } = new TextEncoder().encodeInto(text, heap.subarray(ptr, ptr + size - 1));
    heap[ptr + written] = 0;
}
function lineOfByte(sql, byteOffset) {
    const prefix = Buffer.from(sql, 'utf8').subarray(0, byteOffset).toString('utf8');
    let line = 1;
    for (let i = 0; i < prefix.length; i++)
        if (prefix.charCodeAt(i) === 10)
            line++;
    return line;
}

;// CONCATENATED MODULE: ./src/schema/markdown.ts
/**
 * Escaping for user data (object names, SQL, branch names) placed in GitHub Markdown, so that it
 * cannot break out of a table cell, a code fence or an HTML comment, nor start HTML of its own.
 */
/** Text for inline Markdown or a table cell: one line, no HTML, no table pipes, no code spans. */
function escapeInline(text) {
    return text
        .replace(/\r\n?|\n/g, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/`/g, '&#96;')
        .replace(/([\\|*_~[\]#])/g, '\\$1');
}
/** Text inside an HTML element such as `<summary>`. */
function escapeHtml(text) {
    return text
        .replace(/\r\n?|\n/g, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
}
/** A fenced code block whose fence is longer than any backtick run in the content. */
function codeBlock(content, language = '') {
    const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    const body = content.endsWith('\n') ? content : `${content}\n`;
    return `${fence}${language}\n${body}${fence}`;
}
/** A collapsible section; the body is Markdown (blank lines keep GitHub rendering it). */
function details(summary, body, open = false) {
    return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

;// CONCATENATED MODULE: ./src/schema/render-review.ts
/**
 * The sticky PR comment and the job summary of compare-schema, as pure functions of the reviews.
 *
 * Layout: title, base-point note, counts (destructive / locking / safe), a table of changes
 * (riskiest first), an ER diagram per database when one was drawn, the unified diff per database
 * in a collapsible section. Always under the size limit: the diffs are shortened first, then
 * dropped with the diagrams, then the table loses rows behind a "… N more changes" line.
 */

/** GitHub's comment limit (65,536 characters) minus room for the marker line and a margin. */
const COMMENT_MAX_CHARS = 65_536 - 512;
/** Job summaries must stay under 900 KB (UTF-8 bytes here). */
const SUMMARY_MAX_BYTES = 900_000;
const RISK_LABEL = { destructive: '🔴 destructive', locking: '🟠 locking', safe: '🟢 safe' };
const RISK_RANK = { destructive: 0, locking: 1, safe: 2 };
const MAX_DIFF_LINE = 500;
const MAX_DETAIL = 160;
const DEFAULT_HINT = 'The whole diff is in the job summary and in the `diff-file` output.';
function renderComment(reviews, options = {}) {
    return render(asList(reviews), options, options.maxChars ?? COMMENT_MAX_CHARS, (text) => text.length);
}
function renderSummary(reviews, options = {}) {
    const hint = options.truncationHint ?? 'The whole diff is in the `diff-file` output.';
    return render(asList(reviews), { ...options, truncationHint: hint }, options.maxChars ?? SUMMARY_MAX_BYTES, (text) => Buffer.byteLength(text, 'utf8'));
}
function asList(reviews) {
    return Array.isArray(reviews) ? reviews : [reviews];
}
function render(reviews, options, limit, size) {
    const changes = reviews.flatMap((r) => r.changes).sort((a, b) => RISK_RANK[a.risk] - RISK_RANK[b.risk]);
    const diffs = reviews.map((r) => splitLines(r.diff));
    const build = (layout) => assemble(reviews, changes, diffs, options, layout);
    const fits = (layout) => size(build(layout)) <= limit;
    const full = { rows: changes.length, compact: false };
    if (fits(full))
        return build(full);
    const longest = Math.max(0, ...diffs.map((lines) => lines.length));
    if (fits({ ...full, diffLines: 0 })) {
        const best = largest(0, longest, (n) => fits({ ...full, diffLines: n }));
        return build({ ...full, diffLines: best });
    }
    if (fits({ rows: 0, compact: true })) {
        const rows = largest(0, changes.length, (n) => fits({ rows: n, compact: true }));
        return build({ rows, compact: true });
    }
    return cut(build({ rows: 0, compact: true }), limit, size);
}
/** The largest n in [lo, hi] with ok(n), given ok(lo) and ok monotone. */
function largest(lo, hi, ok) {
    while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (ok(mid))
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}
function cut(text, limit, size) {
    let end = Math.min(text.length, limit);
    while (end > 0 && size(text.slice(0, end)) > limit)
        end = Math.floor(end * 0.9);
    return text.slice(0, end);
}
function assemble(reviews, changes, diffs, options, layout) {
    const hint = options.truncationHint ?? DEFAULT_HINT;
    const parts = [`### ${escapeInline(options.title ?? 'Schema changes')}`];
    if (options.basePoint)
        parts.push(describeBasePoint(options.basePoint));
    const anyDiff = diffs.some((lines) => lines.length > 0);
    if (changes.length === 0) {
        parts.push(anyDiff ? 'No schema changes (the dumps differ only in comments or other details).' : 'No schema changes.');
    }
    else {
        parts.push(counts(changes));
        parts.push(changeTable(changes.slice(0, layout.rows), reviews.length > 1));
        const hidden = changes.length - layout.rows;
        if (hidden > 0)
            parts.push(`… ${hidden} more change${hidden === 1 ? '' : 's'} not shown here. ${hint}`);
    }
    if (layout.compact) {
        if (anyDiff)
            parts.push(`Diffs and diagrams left out to keep this short. ${hint}`);
        return `${parts.join('\n\n')}\n`;
    }
    reviews.forEach((review, i) => {
        const label = reviews.length > 1 ? ` (${escapeHtml(review.database)})` : '';
        if (review.erDiagram)
            parts.push(details(`ER diagram${label}`, codeBlock(review.erDiagram, 'mermaid'), true));
        const lines = diffs[i];
        if (lines.length === 0)
            return;
        const shown = layout.diffLines === undefined ? lines.length : Math.min(layout.diffLines, lines.length);
        const body = [
            shown > 0 ? codeBlock(lines.slice(0, shown).map(clipLine).join('\n'), 'diff') : '',
            shown < lines.length ? `… ${lines.length - shown} more diff lines not shown. ${hint}` : '',
        ]
            .filter(Boolean)
            .join('\n\n');
        parts.push(details(`Diff of <code>${escapeHtml(review.database)}</code> (${lines.length} lines)`, body));
    });
    return `${parts.join('\n\n')}\n`;
}
function counts(changes) {
    const n = (risk) => changes.filter((c) => c.risk === risk).length;
    return `**${n('destructive')} destructive** · **${n('locking')} locking** · **${n('safe')} safe**`;
}
function changeTable(changes, withDatabase) {
    const head = withDatabase
        ? ['| Risk | Database | Kind | Action | Object | Reason | Detail |', '|---|---|---|---|---|---|---|']
        : ['| Risk | Kind | Action | Object | Reason | Detail |', '|---|---|---|---|---|---|'];
    const rows = changes.map((c) => {
        const object = c.from ? `${c.object} (from ${c.from})` : c.object;
        const cells = [
            RISK_LABEL[c.risk],
            ...(withDatabase ? [escapeInline(c.database)] : []),
            c.kind,
            c.action,
            escapeInline(object),
            escapeInline(c.reason),
            escapeInline(clip(c.detail, MAX_DETAIL)),
        ];
        return `| ${cells.join(' | ')} |`;
    });
    return [...head, ...rows].join('\n');
}
/** One line saying what the review compared against. */
function describeBasePoint(base) {
    const branch = base.branch ? ` ${escapeInline(base.branch)}` : '';
    switch (base.mode) {
        case 'fork':
            return `Compared against the parent${branch} at the fork point.`;
        case 'head':
            return base.fallbackReason
                ? `Compared against the parent${branch} at its head: fell back because ${escapeInline(base.fallbackReason)}.`
                : `Compared against the parent${branch} at its head.`;
        case 'lsn':
            return `Compared against${branch || ' the base'} at LSN ${escapeInline(base.lsn ?? 'unknown')}.`;
        case 'timestamp':
            return `Compared against${branch || ' the base'} as of ${escapeInline(base.timestamp ?? 'unknown')}.`;
    }
}
function splitLines(diff) {
    if (diff === '')
        return [];
    const lines = diff.split('\n');
    if (lines[lines.length - 1] === '')
        lines.pop();
    return lines;
}
function clipLine(line) {
    return clip(line, MAX_DIFF_LINE);
}
function clip(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

;// CONCATENATED MODULE: ./src/schema/risk.ts
const safe = (reason) => ({ risk: 'safe', reason });
const locking = (reason) => ({ risk: 'locking', reason });
const destructive = (reason) => ({ risk: 'destructive', reason });
const DROPPED_RISK = {
    table: destructive('drops the table and its data'),
    column: destructive("drops the column's data; code that reads or writes it breaks"),
    view: destructive('code that queries the view breaks'),
    materialized_view: destructive('code that queries the materialized view breaks; its data is gone'),
    function: destructive('code that calls the function breaks'),
    type: destructive('columns and code using the type break'),
    enum_value: destructive('rows holding the value must change first; code writing it breaks'),
    sequence: destructive('code calling nextval on the sequence breaks'),
    extension: destructive("drops the extension's functions, types and operators"),
    schema: destructive('drops the schema; code qualifying names with it breaks'),
    index: safe('drops an index: rules relax, some queries may slow down'),
    constraint: safe('drops a constraint: the rule it enforced is gone'),
    trigger: safe('drops a trigger: its side effects stop'),
};
const RENAMED_RISK = destructive('code using the old name breaks');
const ADDED = safe('new object; nothing existing depends on it');
function addedRisk(kind) {
    if (kind === 'enum_value')
        return safe('ALTER TYPE … ADD VALUE: existing rows are untouched');
    return ADDED;
}
/** Default expressions that Postgres must evaluate per row, forcing a rewrite when a column is added. */
const VOLATILE_DEFAULT = /\b(nextval|random|gen_random_uuid|uuid_generate_v[14]|uuidv[47]|clock_timestamp|timeofday|txid_current)\s*\(/i;
function columnAddedRisk(column) {
    const hasDefault = column.defaultKey !== undefined || column.identity !== undefined || !!column.generatedKey;
    if (column.notNull && !hasDefault) {
        return destructive('NOT NULL without a default: fails on a non-empty table, and INSERTs that omit it fail');
    }
    if (column.identity)
        return locking('identity column: fills every row, rewriting the table under an ACCESS EXCLUSIVE lock');
    if (column.generatedKey)
        return locking('stored generated column: rewrites the table under an ACCESS EXCLUSIVE lock');
    if (column.defaultText && VOLATILE_DEFAULT.test(column.defaultText)) {
        return locking('volatile default: rewrites the table under an ACCESS EXCLUSIVE lock');
    }
    return safe(column.defaultKey ? 'constant default: a metadata-only change' : 'nullable column: a metadata-only change');
}
function setNotNullRisk() {
    return destructive('SET NOT NULL: fails if a row holds NULL, and INSERTs that omit the column break');
}
function newConstraintRisk(constraint) {
    switch (constraint.type) {
        case 'foreign key':
            return constraint.notValid
                ? safe('added NOT VALID: existing rows are not checked')
                : locking('checks every row under a SHARE ROW EXCLUSIVE lock unless added NOT VALID then validated');
        case 'check':
            if (constraint.notValid)
                return safe('added NOT VALID: existing rows are not checked, new writes are');
            if (isNotNullCheck(constraint)) {
                return destructive('CHECK (… IS NOT NULL) validated on existing rows: fails on NULLs, like SET NOT NULL');
            }
            return locking('checks every row under an ACCESS EXCLUSIVE lock unless added NOT VALID then validated');
        case 'primary key':
        case 'unique':
        case 'exclusion':
            return locking('builds an index under an ACCESS EXCLUSIVE lock unless built CONCURRENTLY and added USING INDEX');
        default:
            return locking('may check every row of the table');
    }
}
function constraintValidatedRisk(constraint) {
    if (constraint.type === 'check' && isNotNullCheck(constraint)) {
        return destructive('VALIDATE of CHECK (… IS NOT NULL): fails on NULLs, the same risk as SET NOT NULL');
    }
    return safe('VALIDATE CONSTRAINT: scans under a SHARE UPDATE EXCLUSIVE lock; reads and writes go on');
}
function isNotNullCheck(constraint) {
    return /^CHECK\s*\(+\s*[\w"]+\s+IS\s+NOT\s+NULL\s*\)+/i.test(constraint.text);
}
const INDEX_ADDED_RISK = locking('CREATE INDEX blocks writes to the table unless built CONCURRENTLY');
const INDEX_ALTERED_RISK = locking('index rebuilt: blocks writes to the table unless built CONCURRENTLY');
function persistenceRisk(after) {
    return after === 'unlogged'
        ? destructive('SET UNLOGGED: rewrites the table; its data is lost after a crash and not replicated')
        : locking('SET LOGGED: rewrites the table under an ACCESS EXCLUSIVE lock');
}


;// CONCATENATED MODULE: ./src/schema/change-list.ts
/**
 * Collects Changes while two schemas are compared, and pairs renamed objects: an object is taken
 * as renamed only when the evidence is clear, i.e. exactly one dropped and exactly one added object
 * share the same name-free definition key.
 */

const RISK_ORDER = { safe: 0, locking: 1, destructive: 2 };
class ChangeList {
    database;
    changes = [];
    constructor(database) {
        this.database = database;
    }
    add(kind, action, object, assessment, detail, from) {
        const change = {
            kind,
            action,
            object,
            ...(from !== undefined ? { from } : {}),
            risk: assessment.risk,
            reason: assessment.reason,
            destructive: assessment.risk === 'destructive',
            database: this.database,
            detail,
        };
        this.changes.push(change);
    }
    added(kind, object, detail, assessment = addedRisk(kind)) {
        this.add(kind, 'added', object, assessment, detail);
    }
    dropped(kind, object, detail) {
        this.add(kind, 'dropped', object, DROPPED_RISK[kind], detail);
    }
    renamed(kind, object, from, detail) {
        this.add(kind, 'renamed', object, RENAMED_RISK, detail, from);
    }
    /** One `altered` change summing up several differences: the worst risk wins, details are joined. */
    altered(kind, object, parts) {
        if (parts.length === 0)
            return;
        const worst = parts.reduce((a, b) => (RISK_ORDER[b.assessment.risk] > RISK_ORDER[a.assessment.risk] ? b : a));
        this.add(kind, 'altered', object, worst.assessment, parts.map((p) => p.detail).join('; '));
    }
}
/** Pairs dropped and added objects that share a definition key, one to one. */
function matchRenames(dropped, added, droppedKey, addedKey) {
    const droppedByKey = groupBy(dropped, droppedKey);
    const addedByKey = groupBy(added, addedKey);
    const pairs = [];
    for (const [key, olds] of droppedByKey) {
        const news = addedByKey.get(key);
        if (olds.length === 1 && news?.length === 1)
            pairs.push([olds[0], news[0]]);
    }
    return pairs;
}
function groupBy(items, keyOf) {
    const groups = new Map();
    for (const item of items) {
        const key = keyOf(item);
        const group = groups.get(key);
        if (group)
            group.push(item);
        else
            groups.set(key, [item]);
    }
    return groups;
}
/** Keys in `a` but not `b`. */
function missingFrom(a, b) {
    const out = [];
    for (const [key, value] of a)
        if (!b.has(key))
            out.push(value);
    return out;
}

;// CONCATENATED MODULE: ./src/schema/ast.ts
/**
 * Small readers over libpg-query's JSON parse tree: canonical keys (a node's JSON without source
 * positions, so two definitions compare equal exactly when Postgres would parse them the same),
 * names, type names, and the column names an expression refers to.
 */
const POSITION_KEYS = new Set(['location', 'stmt_location', 'stmt_len']);
const NOTHING = new Set();
/** JSON of a node without source positions and without the named keys (at any depth). */
function canonical(node, omit = NOTHING) {
    if (node === null || typeof node !== 'object')
        return node === undefined ? 'null' : JSON.stringify(node);
    if (Array.isArray(node)) {
        let out = '[';
        for (let i = 0; i < node.length; i++)
            out += (i > 0 ? ',' : '') + canonical(node[i], omit);
        return `${out}]`;
    }
    let out = '{';
    let first = true;
    for (const key in node) {
        const value = node[key];
        if (value === undefined || POSITION_KEYS.has(key) || omit.has(key))
            continue;
        out += `${first ? '' : ','}"${key}":${canonical(value, omit)}`;
        first = false;
    }
    return `${out}}`;
}
/** `[{String:{sval:'a'}}, …]` -> `['a', …]`. */
function stringList(items) {
    if (!items)
        return [];
    return items.map((item) => item.String?.sval ?? '');
}
/** A RangeVar's `schema.name`; unqualified names are taken to be in `public`. */
function relationPath(rangeVar) {
    if (!rangeVar)
        return '';
    return `${rangeVar.schemaname ?? 'public'}.${rangeVar.relname}`;
}
/** `['public','f']` -> `public.f`; an unqualified name is taken to be in `public`. */
function qualifiedPath(names) {
    return names.length === 1 ? `public.${names[0]}` : names.join('.');
}
const DISPLAY_NAMES = {
    int2: 'smallint',
    int4: 'integer',
    int8: 'bigint',
    float4: 'real',
    float8: 'double precision',
    bool: 'boolean',
    varchar: 'character varying',
    bpchar: 'character',
    varbit: 'bit varying',
};
function typeInfo(typeName) {
    if (!typeName)
        return { name: 'unknown', mods: [], arrayDims: 0, display: 'unknown', key: 'unknown' };
    const names = stringList(typeName.names);
    const name = names[0] === 'pg_catalog' && names.length === 2 ? names[1] : names.join('.');
    const mods = (typeName.typmods ?? []).map(typmodValue);
    const arrayDims = typeName.arrayBounds?.length ?? 0;
    const setof = typeName.setof ? 'SETOF ' : '';
    const display = setof + displayType(name, mods) + '[]'.repeat(arrayDims);
    const key = `${setof}${name}(${mods.join(',')})${'[]'.repeat(arrayDims)}`;
    return { name, mods, arrayDims, display, key };
}
function typmodValue(node) {
    const c = node.A_Const;
    if (c?.ival)
        return c.ival.ival ?? 0;
    if (c?.sval)
        return c.sval.sval ?? '';
    if (node.ColumnRef)
        return stringList(node.ColumnRef.fields).join('.');
    return canonical(node);
}
function displayType(name, mods) {
    const args = mods.length > 0 ? `(${mods.join(',')})` : '';
    switch (name) {
        case 'timestamp':
            return `timestamp${args} without time zone`;
        case 'timestamptz':
            return `timestamp${args} with time zone`;
        case 'time':
            return `time${args} without time zone`;
        case 'timetz':
            return `time${args} with time zone`;
        case 'interval':
            return mods.length > 0 ? `interval(${mods.join(',')})` : 'interval';
        default:
            return (DISPLAY_NAMES[name] ?? name) + args;
    }
}
/**
 * Column names a node refers to: the last field of each ColumnRef, index element names, and the
 * key lists of constraints (`keys`, `fk_attrs`, `including`). `pk_attrs` (the referenced table's
 * columns) are not included.
 */
function referencedColumns(node, into = new Set()) {
    if (Array.isArray(node)) {
        for (const item of node)
            referencedColumns(item, into);
        return into;
    }
    if (!node || typeof node !== 'object')
        return into;
    const record = node;
    if (record.ColumnRef) {
        const fields = stringList(record.ColumnRef.fields);
        const last = fields[fields.length - 1];
        if (last)
            into.add(last);
        return into;
    }
    if (record.IndexElem?.name)
        into.add(record.IndexElem.name);
    for (const [key, value] of Object.entries(record)) {
        if (key === 'pk_attrs' || key === 'pktable')
            continue;
        if ((key === 'keys' || key === 'fk_attrs' || key === 'including') && Array.isArray(value)) {
            for (const name of stringList(value))
                into.add(name);
            continue;
        }
        referencedColumns(value, into);
    }
    return into;
}
/**
 * A copy of `node` where column names are renamed: ColumnRef fields, index element names and
 * constraint key lists use `ownColumns`; `pk_attrs` use the map of the referenced table.
 */
function renameColumnsInNode(node, ownColumns, referencedTableColumns = () => undefined) {
    const rename = (map, list) => list.map((item) => item.String && map?.has(item.String.sval) ? { String: { sval: map.get(item.String.sval) } } : item);
    const walk = (value) => {
        if (Array.isArray(value))
            return value.map(walk);
        if (!value || typeof value !== 'object')
            return value;
        const record = value;
        const out = {};
        for (const [key, child] of Object.entries(record)) {
            if (key === 'ColumnRef') {
                const fields = child.fields;
                const renamed = rename(ownColumns, fields.slice(-1));
                out[key] = { ...child, fields: [...fields.slice(0, -1), ...renamed] };
            }
            else if (key === 'IndexElem' && child.name && ownColumns.has(child.name)) {
                out[key] = { ...walk(child), name: ownColumns.get(child.name) };
            }
            else if ((key === 'keys' || key === 'fk_attrs' || key === 'including') && Array.isArray(child)) {
                out[key] = rename(ownColumns, child);
            }
            else if (key === 'pk_attrs' && Array.isArray(child)) {
                out[key] = rename(record.pktable ? referencedTableColumns(record.pktable) : undefined, child);
            }
            else {
                out[key] = walk(child);
            }
        }
        return out;
    };
    return walk(node);
}
/** Renames RangeVars (`schema.name` -> `schema.name`) anywhere in a node; returns a copy. */
function renameRelationsInNode(node, relations) {
    if (relations.size === 0)
        return node;
    const walk = (value) => {
        if (Array.isArray(value))
            return value.map(walk);
        if (!value || typeof value !== 'object')
            return value;
        const record = value;
        if (typeof record.relname === 'string') {
            const target = relations.get(relationPath(record));
            if (target) {
                const dot = target.indexOf('.');
                return { ...record, schemaname: target.slice(0, dot), relname: target.slice(dot + 1) };
            }
        }
        const out = {};
        for (const [key, child] of Object.entries(record))
            out[key] = walk(child);
        return out;
    };
    return walk(node);
}
/** The value of a DefElem's argument as text (`start 1` -> '1', `as_type bigint` -> 'bigint'). */
function defElemValue(arg) {
    if (!arg)
        return '';
    if (arg.Integer)
        return String(arg.Integer.ival ?? 0);
    if (arg.Float)
        return String(arg.Float.fval);
    if (arg.String)
        return arg.String.sval;
    if (arg.Boolean)
        return String(arg.Boolean.boolval ?? false);
    if (arg.TypeName)
        return typeInfo(arg.TypeName).display;
    if (arg.List)
        return stringList(arg.List.items).join('.');
    if (Array.isArray(arg))
        return stringList(arg).join('.');
    return canonical(arg);
}

;// CONCATENATED MODULE: ./src/schema/source-text.ts
/**
 * The dump's own text for a statement or a part of one. libpg-query reports positions as byte
 * offsets into the UTF-8 text, so slicing happens on bytes.
 */
class SourceText {
    bytes;
    constructor(sql) {
        this.bytes = Buffer.from(sql, 'utf8');
    }
    /** A statement's text without its leading comment lines and trailing semicolon. */
    statement(location, length) {
        const start = location ?? 0;
        const end = length ? start + length : this.bytes.length;
        return stripLeadingComments(this.bytes.toString('utf8', start, end));
    }
    slice(start, end) {
        return this.bytes.toString('utf8', start, end).trim();
    }
    /**
     * The end (exclusive byte offset) of a list element starting at `start`: the first `,` or `)`
     * outside parentheses and quotes.
     */
    elementEnd(start) {
        const b = this.bytes;
        let depth = 0;
        let i = start;
        while (i < b.length) {
            const c = b[i];
            if (c === 0x27 || c === 0x22) {
                i = this.skipQuoted(i, c);
                continue;
            }
            if (c === 0x28)
                depth++;
            else if (c === 0x29) {
                if (depth === 0)
                    return i;
                depth--;
            }
            else if (c === 0x2c && depth === 0)
                return i;
            else if (c === 0x3b && depth === 0)
                return i;
            i++;
        }
        return b.length;
    }
    skipQuoted(open, quote) {
        let i = open + 1;
        while (i < this.bytes.length) {
            if (this.bytes[i] === quote) {
                if (this.bytes[i + 1] === quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }
}
function stripLeadingComments(text) {
    const lines = text.split('\n');
    let first = 0;
    while (first < lines.length && (lines[first].trim() === '' || lines[first].trim().startsWith('--')))
        first++;
    return lines
        .slice(first)
        .join('\n')
        .trim()
        .replace(/;\s*$/, '');
}
/** Collapses whitespace runs to one space, for one-line details. */
function oneLine(text) {
    return text.replace(/\s+/g, ' ').trim();
}
/** Drops a leading `CONSTRAINT name` from a constraint's text. */
function withoutConstraintName(text) {
    return text.replace(/^CONSTRAINT\s+("(?:[^"]|"")+"|\S+)\s+/i, '');
}

;// CONCATENATED MODULE: ./src/schema/read-tables.ts
/**
 * Reads tables, columns, constraints, indexes and triggers from parse-tree statements into a
 * SchemaModel: CREATE TABLE, the ALTER TABLE forms pg_dump writes (ADD CONSTRAINT, SET DEFAULT,
 * ADD GENERATED … AS IDENTITY, SET (…), ATTACH PARTITION…), CREATE INDEX and CREATE TRIGGER.
 */


const CONSTRAINT_TYPES = {
    CONSTR_PRIMARY: 'primary key',
    CONSTR_UNIQUE: 'unique',
    CONSTR_FOREIGN: 'foreign key',
    CONSTR_CHECK: 'check',
    CONSTR_EXCLUSION: 'exclusion',
};
const CONSTRAINT_SUFFIX = {
    'primary key': 'pkey',
    unique: 'key',
    'foreign key': 'fkey',
    check: 'check',
    exclusion: 'excl',
    other: 'con',
};
/** Not part of what a constraint is: its name, its validation state, where it was written. */
const CONSTRAINT_KEY_OMIT = new Set(['conname', 'skip_validation', 'initially_valid', 'inh', 'relpersistence']);
const INDEX_KEY_OMIT = new Set(['idxname', 'relation', 'concurrent', 'if_not_exists', 'idxcomment', 'inh']);
const TRIGGER_KEY_OMIT = new Set(['trigname', 'relation', 'replace', 'inh', 'relpersistence']);
function readCreateTable(model, source, stmt) {
    const relation = stmt.relation;
    if (relation.relpersistence === 't')
        return;
    const path = relationPath(relation);
    const table = {
        path,
        schema: relation.schemaname ?? 'public',
        name: relation.relname,
        persistence: relation.relpersistence === 'u' ? 'unlogged' : 'permanent',
        columns: new Map(),
        properties: new Map(),
    };
    for (const key of ['inhRelations', 'partbound', 'partspec', 'options', 'accessMethod', 'tablespacename']) {
        if (stmt[key] !== undefined)
            table.properties.set(key, canonical(stmt[key], new Set(['inh'])));
    }
    model.tables.set(path, table);
    for (const element of stmt.tableElts ?? []) {
        if (element.ColumnDef)
            readColumn(model, source, table, element.ColumnDef);
        else if (element.Constraint) {
            const c = element.Constraint;
            const end = source.elementEnd(c.location);
            addConstraint(model, table, c, source.slice(c.location, end));
        }
    }
}
function readColumn(model, source, table, def) {
    const start = def.location;
    const end = source.elementEnd(start);
    const column = {
        name: def.colname,
        position: table.columns.size,
        type: typeInfo(def.typeName),
        notNull: false,
        text: oneLine(source.slice(start, end)),
    };
    if (def.collClause)
        column.collation = stringList(def.collClause.collname).join('.');
    const constraints = (def.constraints ?? []).map((c) => c.Constraint);
    constraints.forEach((c, i) => {
        const nextStart = constraints[i + 1]?.location ?? end;
        const text = () => oneLine(source.slice(c.location, nextStart));
        switch (c.contype) {
            case 'CONSTR_NOTNULL':
                column.notNull = true;
                break;
            case 'CONSTR_DEFAULT':
                column.defaultKey = canonical(c.raw_expr);
                column.defaultText = text().replace(/^DEFAULT\s+/i, '');
                break;
            case 'CONSTR_IDENTITY':
                setIdentity(model, table, column, c);
                break;
            case 'CONSTR_GENERATED':
                column.generatedKey = canonical(c.raw_expr);
                column.generatedText = text();
                break;
            case 'CONSTR_NULL':
                break;
            default: {
                const named = { ...c };
                if (named.contype === 'CONSTR_FOREIGN' && !named.fk_attrs)
                    named.fk_attrs = [{ String: { sval: def.colname } }];
                else if (!named.keys && named.contype !== 'CONSTR_CHECK')
                    named.keys = [{ String: { sval: def.colname } }];
                addConstraint(model, table, named, text(), def.colname);
            }
        }
    });
    table.columns.set(column.name, column);
}
function setIdentity(model, table, column, c) {
    column.identity = c.generated_when === 'a' ? 'always' : 'by default';
    const params = new Map();
    let sequencePath = `${table.schema}.${table.name}_${column.name}_seq`;
    for (const option of c.options ?? []) {
        const d = option.DefElem;
        if (d.defname === 'sequence_name') {
            const names = stringList(d.arg.List?.items ?? d.arg);
            sequencePath = names.length === 1 ? `${table.schema}.${names[0]}` : names.join('.');
        }
        else
            params.set(d.defname, defElemValue(d.arg));
    }
    model.sequences.set(sequencePath, {
        path: sequencePath,
        params,
        ownedBy: `${table.path}.${column.name}`,
        identity: true,
        text: `identity of ${table.path}.${column.name}`,
    });
}
function addConstraint(model, table, c, text, columnName) {
    if (c.contype === 'CONSTR_NOTNULL') {
        for (const name of stringList(c.keys)) {
            const column = table.columns.get(name);
            if (column)
                column.notNull = true;
        }
        return;
    }
    const type = CONSTRAINT_TYPES[c.contype] ?? 'other';
    const name = c.conname ?? defaultConstraintName(table, type, c, columnName);
    const path = `${table.path}.${name}`;
    const constraint = {
        path,
        table: table.path,
        name,
        type,
        node: c,
        key: canonical(c, CONSTRAINT_KEY_OMIT),
        notValid: c.skip_validation === true,
        columns: referencedColumns(c),
        text: oneLine(withoutConstraintName(text)),
    };
    if (type === 'foreign key') {
        constraint.referencedTable = relationPath(c.pktable);
        constraint.referencedColumns = stringList(c.pk_attrs);
    }
    model.constraints.set(path, constraint);
}
/** Postgres' own default names: `t_pkey`, `t_a_key`, `t_a_fkey`, `t_a_check`. */
function defaultConstraintName(table, type, c, columnName) {
    if (type === 'primary key')
        return `${table.name}_pkey`;
    const columns = columnName ? [columnName] : stringList(c.keys ?? c.fk_attrs);
    return [table.name, ...columns, CONSTRAINT_SUFFIX[type]].join('_');
}
function readAlterTable(model, source, stmt, text) {
    if (stmt.objtype && stmt.objtype !== 'OBJECT_TABLE' && stmt.objtype !== 'OBJECT_FOREIGN_TABLE')
        return;
    const table = model.tables.get(relationPath(stmt.relation));
    if (!table)
        return;
    for (const item of stmt.cmds ?? []) {
        const cmd = item.AlterTableCmd;
        const column = cmd.name ? table.columns.get(cmd.name) : undefined;
        switch (cmd.subtype) {
            case 'AT_AddConstraint': {
                const c = cmd.def.Constraint;
                addConstraint(model, table, c, source.slice(c.location, source.elementEnd(c.location)) || text);
                break;
            }
            case 'AT_ColumnDefault':
                if (!column)
                    break;
                column.defaultKey = cmd.def ? canonical(cmd.def) : undefined;
                column.defaultText = cmd.def ? oneLine(text.replace(/^[\s\S]*?\bSET\s+DEFAULT\s+/i, '')) : undefined;
                break;
            case 'AT_AddIdentity':
                if (column)
                    setIdentity(model, table, column, cmd.def.Constraint);
                break;
            case 'AT_SetNotNull':
                if (column)
                    column.notNull = true;
                break;
            case 'AT_SetOptions':
            case 'AT_SetStatistics':
            case 'AT_SetStorage':
            case 'AT_SetCompression':
                if (!column)
                    break;
                column.optionsKey = `${column.optionsKey ?? ''}${cmd.subtype}:${canonical(cmd.def)};`;
                column.optionsText = [column.optionsText, oneLine(text.replace(/^[\s\S]*?\bALTER\s+COLUMN\s+("(?:[^"]|"")+"|\S+)\s+/i, ''))]
                    .filter(Boolean)
                    .join(', ');
                break;
            case 'AT_AttachPartition': {
                const child = model.tables.get(relationPath(cmd.def.PartitionCmd.name));
                if (child)
                    child.properties.set('partition of', `${table.path} ${canonical(cmd.def.PartitionCmd.bound)}`);
                break;
            }
            case 'AT_ChangeOwner':
                break;
            default:
                table.properties.set(propertyName(cmd), canonical(cmd.def ?? cmd.name ?? true));
        }
    }
}
function propertyName(cmd) {
    return String(cmd.subtype)
        .replace(/^AT_/, '')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase();
}
function readIndex(model, stmt, text) {
    const table = relationPath(stmt.relation);
    const name = stmt.idxname;
    const path = `${table}.${name}`;
    model.indexes.set(path, {
        path,
        table,
        name,
        node: stmt,
        key: canonical(stmt, INDEX_KEY_OMIT),
        columns: referencedColumns([stmt.indexParams, stmt.indexIncludingParams, stmt.whereClause]),
        text: oneLine(text),
    });
}
function readTrigger(model, stmt, text) {
    const table = relationPath(stmt.relation);
    const name = stmt.trigname;
    const path = `${table}.${name}`;
    model.triggers.set(path, {
        path,
        table,
        name,
        node: stmt,
        key: canonical(stmt, TRIGGER_KEY_OMIT),
        columns: new Set([...stringList(stmt.columns), ...referencedColumns(stmt.whenClause)]),
        text: oneLine(text),
    });
}

;// CONCATENATED MODULE: ./src/schema/diff-children.ts
/**
 * Compares the objects that hang off tables: constraints, indexes and triggers. Objects of added
 * or dropped tables are their table's children, not changes of their own; so are those that go
 * with a dropped column, and foreign keys that go with the table or column they point to. Text
 * that changes only because a table or column was renamed is not a change either.
 */




function diffTableChildren(before, after, list, tables) {
    const m = withMaterializedViews(tables, before, after);
    diffChildren('constraint', before.constraints, after.constraints, list, m);
    diffChildren('index', before.indexes, after.indexes, list, m);
    diffChildren('trigger', before.triggers, after.triggers, list, m);
}
/** Indexes (and triggers) also hang off materialized views and views: treat those as parents too. */
function withMaterializedViews(m, before, after) {
    const afterPath = new Map(m.afterPath);
    const addedTables = new Set(m.addedTables);
    for (const path of before.views.keys())
        if (after.views.has(path))
            afterPath.set(path, path);
    for (const path of after.views.keys())
        if (!before.views.has(path))
            addedTables.add(path);
    return { ...m, afterPath, addedTables };
}
function diffChildren(kind, before, after, list, m) {
    const omit = kind === 'constraint' ? CONSTRAINT_KEY_OMIT : kind === 'index' ? INDEX_KEY_OMIT : TRIGGER_KEY_OMIT;
    const dropped = [];
    const matched = new Set();
    for (const old of before.values()) {
        const table = m.afterPath.get(old.table);
        if (table === undefined || goesWithDroppedColumn(old, m))
            continue;
        const key = effectiveKey(old, m, omit);
        const now = after.get(`${table}.${old.name}`);
        if (!now) {
            dropped.push({ old, key });
            continue;
        }
        matched.add(now.path);
        compare(kind, old, now, key, list);
    }
    const added = [];
    for (const now of after.values()) {
        if (matched.has(now.path) || m.addedTables.has(now.table))
            continue;
        added.push(now);
    }
    const renames = matchRenames(dropped, added, (d) => `${m.afterPath.get(d.old.table)}|${d.key}`, (now) => `${now.table}|${now.key}`);
    const renamedOld = new Set(renames.map(([d]) => d.old.path));
    const renamedNew = new Set(renames.map(([, now]) => now.path));
    for (const { old } of dropped) {
        if (renamedOld.has(old.path))
            continue;
        list.dropped(kind, `${m.afterPath.get(old.table)}.${old.name}`, `was: ${old.text}`);
    }
    for (const now of added) {
        if (renamedNew.has(now.path))
            continue;
        list.added(kind, now.path, now.text, diff_children_addedRisk(kind, now));
    }
    for (const [{ old }, now] of renames) {
        list.renamed(kind, now.path, `${m.afterPath.get(old.table)}.${old.name}`, `RENAME ${old.name} TO ${now.name}`);
    }
}
function diff_children_addedRisk(kind, child) {
    if (kind === 'constraint')
        return newConstraintRisk(child);
    if (kind === 'index')
        return INDEX_ADDED_RISK;
    return safe('new trigger: takes effect on the next write');
}
function compare(kind, old, now, oldKey, list) {
    if (kind === 'constraint') {
        const a = old;
        const b = now;
        if (oldKey !== b.key) {
            list.altered(kind, now.path, [{ assessment: newConstraintRisk(b), detail: `now ${b.text}` }]);
        }
        else if (a.notValid && !b.notValid) {
            list.altered(kind, now.path, [{ assessment: constraintValidatedRisk(b), detail: `validated: ${b.text}` }]);
        }
        else if (!a.notValid && b.notValid) {
            list.altered(kind, now.path, [{ assessment: safe('marked NOT VALID: existing rows no longer vouched for'), detail: b.text }]);
        }
        return;
    }
    if (oldKey === now.key)
        return;
    const assessment = kind === 'index' ? INDEX_ALTERED_RISK : safe('trigger re-defined: takes effect on the next write');
    list.altered(kind, now.path, [{ assessment, detail: `now ${now.text}` }]);
}
/** Indexes, constraints and triggers that Postgres drops with a column, or a foreign key with its target. */
function goesWithDroppedColumn(child, m) {
    const droppedHere = m.droppedColumns.get(child.table);
    if (droppedHere)
        for (const column of child.columns)
            if (droppedHere.has(column))
                return true;
    if ('referencedTable' in child && child.referencedTable) {
        if (m.droppedTables.has(child.referencedTable))
            return true;
        const droppedThere = m.droppedColumns.get(child.referencedTable);
        if (droppedThere)
            for (const column of child.referencedColumns ?? [])
                if (droppedThere.has(column))
                    return true;
    }
    return false;
}
/** The before object's key as it reads after the renames of its table's columns and of referenced tables. */
function effectiveKey(child, m, omit) {
    const ownTable = m.afterPath.get(child.table) ?? child.table;
    const ownColumns = m.columnRenames.get(ownTable);
    const referenced = 'referencedTable' in child ? child.referencedTable : undefined;
    const referencedAfter = referenced ? m.afterPath.get(referenced) : undefined;
    const referencedRenamed = referenced !== undefined && referencedAfter !== undefined && referencedAfter !== referenced;
    const referencedColumns = referencedAfter ? m.columnRenames.get(referencedAfter) : undefined;
    if (!ownColumns && !referencedRenamed && !referencedColumns)
        return child.key;
    let node = child.node;
    node = renameColumnsInNode(node, ownColumns ?? new Map(), () => referencedColumns);
    if (referencedRenamed)
        node = renameRelationsInNode(node, m.renamedTables);
    return canonical(node, omit);
}

;// CONCATENATED MODULE: ./src/schema/type-change.ts
const STRINGS = new Set(['text', 'varchar', 'public.citext', 'citext']);
const INTEGER_RANK = { int2: 1, int4: 2, int8: 3, numeric: 4 };
const FLOAT_RANK = { float4: 1, float8: 2 };
const TIMES = new Set(['timestamp', 'timestamptz']);
const type_change_safe = (reason) => ({ risk: 'safe', reason });
const type_change_locking = (reason) => ({ risk: 'locking', reason });
const type_change_destructive = (reason) => ({ risk: 'destructive', reason });
const REWRITE = 'rewrites the table under an ACCESS EXCLUSIVE lock (not binary-coercible)';
function assessTypeChange(before, after) {
    const change = `${before.display} -> ${after.display}`;
    if (before.arrayDims !== after.arrayDims)
        return type_change_destructive(`${change}: array shape changes; existing values may not convert`);
    const b = before.name;
    const a = after.name;
    const bLen = numberMod(before, 0);
    const aLen = numberMod(after, 0);
    if ((b === 'varchar' || STRINGS.has(b)) && (a === 'varchar' || STRINGS.has(a))) {
        if (a === 'varchar' && aLen !== undefined && (bLen === undefined || aLen < bLen)) {
            return type_change_destructive(`${change}: values longer than ${aLen} characters make the change fail`);
        }
        return type_change_safe(`${change}: binary-coercible widening, no rewrite`);
    }
    if (b === 'bpchar' && a === 'bpchar') {
        if (aLen !== undefined && bLen !== undefined && aLen < bLen) {
            return type_change_destructive(`${change}: values longer than ${aLen} characters make the change fail`);
        }
        return type_change_locking(`${change}: ${REWRITE}`);
    }
    if (b === 'bpchar' && (a === 'varchar' || STRINGS.has(a))) {
        if (a === 'varchar' && aLen !== undefined && (bLen === undefined || aLen < bLen)) {
            return type_change_destructive(`${change}: values longer than ${aLen} characters make the change fail`);
        }
        return type_change_locking(`${change}: ${REWRITE}; trailing spaces are trimmed`);
    }
    if (a === 'varchar' && aLen === undefined)
        return type_change_locking(`${change}: every value has a text form, but ${REWRITE}`);
    if (a === 'bpchar' || a === 'varchar') {
        return type_change_destructive(`${change}: values longer than ${aLen ?? 1} characters make the change fail`);
    }
    if (b === 'numeric' && a === 'numeric')
        return assessNumeric(before, after, change);
    if (INTEGER_RANK[b] && INTEGER_RANK[a]) {
        if (a === 'numeric' && after.mods.length > 0)
            return type_change_destructive(`${change}: values beyond numeric's precision fail`);
        return INTEGER_RANK[a] > INTEGER_RANK[b]
            ? type_change_locking(`${change}: widening, but ${REWRITE}`)
            : type_change_destructive(`${change}: values out of the new range make the change fail`);
    }
    if (FLOAT_RANK[b] && FLOAT_RANK[a]) {
        return FLOAT_RANK[a] > FLOAT_RANK[b]
            ? type_change_locking(`${change}: widening, but ${REWRITE}`)
            : type_change_destructive(`${change}: loses precision`);
    }
    if ((b === 'int2' || b === 'int4') && a === 'float8')
        return type_change_locking(`${change}: exact, but ${REWRITE}`);
    if (INTEGER_RANK[b] && FLOAT_RANK[a])
        return type_change_destructive(`${change}: large values lose precision`);
    if (FLOAT_RANK[b] && a === 'numeric') {
        return after.mods.length > 0
            ? type_change_destructive(`${change}: values beyond numeric's precision fail or round`)
            : type_change_locking(`${change}: ${REWRITE}`);
    }
    if (TIMES.has(b) && TIMES.has(a)) {
        if (numberMod(after, 0) !== undefined && (numberMod(before, 0) ?? 6) > (numberMod(after, 0) ?? 6)) {
            return type_change_destructive(`${change}: fractional seconds are rounded`);
        }
        if (a === b)
            return type_change_safe(`${change}: no rewrite`);
        return type_change_locking(`${change}: ${REWRITE} unless the session time zone is UTC; values are reinterpreted`);
    }
    if (b === 'date' && TIMES.has(a))
        return type_change_locking(`${change}: ${REWRITE}`);
    if (TIMES.has(b) && a === 'date')
        return type_change_destructive(`${change}: the time of day is dropped`);
    if (b === 'cidr' && a === 'inet')
        return type_change_safe(`${change}: binary-coercible, no rewrite`);
    if (b === 'json' && a === 'jsonb')
        return type_change_locking(`${change}: ${REWRITE}; duplicate object keys collapse`);
    if (b === 'jsonb' && a === 'json')
        return type_change_locking(`${change}: ${REWRITE}`);
    if (a === 'text' && b !== 'bytea')
        return type_change_locking(`${change}: every value has a text form, but ${REWRITE}`);
    if (b === 'bytea' && STRINGS.has(a))
        return type_change_destructive(`${change}: bytes that are not valid text make the change fail`);
    return type_change_destructive(`${change}: converting existing values can fail, and code reading them sees a new type`);
}
function assessNumeric(before, after, change) {
    if (after.mods.length === 0)
        return type_change_safe(`${change}: unconstrained numeric, no rewrite`);
    if (before.mods.length === 0)
        return type_change_destructive(`${change}: values beyond the new precision fail or round`);
    const [bp, bs] = [numberMod(before, 0) ?? 0, numberMod(before, 1) ?? 0];
    const [ap, as] = [numberMod(after, 0) ?? 0, numberMod(after, 1) ?? 0];
    if (as < bs)
        return type_change_destructive(`${change}: digits after the point are rounded away`);
    if (ap - as < bp - bs)
        return type_change_destructive(`${change}: values beyond the new precision fail`);
    if (as === bs)
        return type_change_safe(`${change}: precision grows with the same scale, no rewrite`);
    return type_change_locking(`${change}: every value fits, but ${REWRITE}`);
}
function numberMod(type, index) {
    const value = type.mods[index];
    return typeof value === 'number' ? value : undefined;
}

;// CONCATENATED MODULE: ./src/schema/diff-objects.ts
/**
 * Compares the objects that stand on their own: schemas, extensions, views and materialized
 * views, functions, sequences, types and enum values.
 */




function diffSchemasAndExtensions(before, after, list) {
    for (const s of missingFrom(before.schemas, after.schemas))
        list.dropped('schema', s.name, `DROP SCHEMA ${s.name}`);
    for (const s of missingFrom(after.schemas, before.schemas))
        list.added('schema', s.name, s.text);
    for (const e of missingFrom(before.extensions, after.extensions))
        list.dropped('extension', e.name, `DROP EXTENSION ${e.name}`);
    for (const e of missingFrom(after.extensions, before.extensions))
        list.added('extension', e.name, e.text);
    for (const [name, old] of before.extensions) {
        const now = after.extensions.get(name);
        if (now && now.schema !== old.schema) {
            list.altered('extension', name, [
                { assessment: safe('objects move schema; unqualified names resolve through search_path'), detail: `SET SCHEMA ${now.schema}` },
            ]);
        }
    }
}
function diffViews(before, after, list, m) {
    const kindOf = (v) => (v.materialized ? 'materialized_view' : 'view');
    const oldKey = (v) => m.renamedTables.size === 0 ? v.key : canonical(renameRelationsInNode(v.node, m.renamedTables), VIEW_KEY_OMIT);
    const dropped = [];
    const added = [];
    for (const [path, old] of before.views) {
        const now = after.views.get(path);
        if (!now || now.materialized !== old.materialized) {
            dropped.push(old);
            continue;
        }
        const retypedBelow = retypedSources(old, now, before, after);
        if (oldKey(old) !== now.key || retypedBelow.length > 0) {
            list.altered(kindOf(now), path, [viewChange(old, now, retypedBelow)]);
        }
    }
    for (const [path, now] of after.views) {
        const old = before.views.get(path);
        if (!old || old.materialized !== now.materialized)
            added.push(now);
    }
    const renames = matchRenames(dropped, added, (v) => `${kindOf(v)}|${oldKey(v)}`, (v) => `${kindOf(v)}|${v.key}`);
    for (const [old, now] of renames)
        list.renamed(kindOf(now), now.path, old.path, `${old.path} renamed to ${now.path}`);
    const renamed = new Set(renames.flat());
    for (const v of dropped)
        if (!renamed.has(v))
            list.dropped(kindOf(v), v.path, `was: ${v.text}`);
    for (const v of added)
        if (!renamed.has(v))
            list.added(kindOf(v), v.path, outputSummary(v));
}
const VIEW_KEY_OMIT = new Set(['inh', 'relpersistence']);
function outputSummary(view) {
    return `output columns: ${[...view.outputColumns.keys()].join(', ')}`;
}
/** Output columns passing a table column through whose type changed underneath the view. */
function retypedSources(old, now, before, after) {
    const typeOf = (model, source) => {
        if (!source)
            return undefined;
        const dot = source.lastIndexOf('.');
        return model.tables.get(source.slice(0, dot))?.columns.get(source.slice(dot + 1))?.type.key;
    };
    const out = [];
    for (const [name, source] of now.outputSources) {
        const was = typeOf(before, old.outputSources.get(name));
        const is = typeOf(after, source);
        if (was !== undefined && is !== undefined && was !== is)
            out.push(name);
    }
    return out;
}
function viewChange(old, now, retypedBelow) {
    const lost = [...old.outputColumns.keys()].filter((name) => !now.outputColumns.has(name));
    const gained = [...now.outputColumns.keys()].filter((name) => !old.outputColumns.has(name));
    const retyped = [...now.outputColumns.keys()].filter((name) => {
        const before = old.outputColumns.get(name);
        if (before === undefined)
            return false;
        return retypedBelow.includes(name) || castOf(before) !== castOf(now.outputColumns.get(name) ?? '');
    });
    const details = [
        lost.length > 0 ? `loses ${lost.join(', ')}` : '',
        retyped.length > 0 ? `retypes ${retyped.join(', ')}` : '',
        gained.length > 0 ? `adds ${gained.join(', ')}` : '',
    ].filter(Boolean);
    const detail = details.length > 0 ? `output columns: ${details.join('; ')}` : 'query changed, same output columns';
    if (lost.length > 0)
        return { assessment: destructive(`the view loses output column ${lost.join(', ')}`), detail };
    if (retyped.length > 0)
        return { assessment: destructive(`output column ${retyped.join(', ')} changes type`), detail };
    if (now.materialized) {
        return { assessment: locking('a materialized view is re-created and re-filled: empty until refreshed'), detail };
    }
    return { assessment: safe('output columns kept; only the query changed'), detail };
}
/** The type an output expression is cast to at its top, if any. */
function castOf(expressionKey) {
    if (!expressionKey.startsWith('{"TypeCast"'))
        return '';
    const parsed = JSON.parse(expressionKey);
    return canonical(parsed.TypeCast.typeName);
}
function diffFunctions(before, after, list) {
    const dropped = missingFrom(before.functions, after.functions);
    const added = missingFrom(after.functions, before.functions);
    const renames = matchRenames(dropped, added, signatureKey, signatureKey);
    const renamed = new Set(renames.flat());
    for (const [old, now] of renames)
        list.renamed('function', now.path, old.path, `${old.path} renamed to ${now.path}`);
    for (const f of dropped)
        if (!renamed.has(f))
            list.dropped('function', f.path, `was: ${f.text}`);
    for (const f of added)
        if (!renamed.has(f))
            list.added('function', f.path, f.text);
    for (const [path, old] of before.functions) {
        const now = after.functions.get(path);
        if (!now || now.key === old.key)
            continue;
        const assessment = now.returns !== old.returns
            ? destructive(`returns ${now.returns} instead of ${old.returns}: callers break`)
            : safe('same signature and result; body or options changed');
        const detail = now.returns !== old.returns ? `RETURNS ${old.returns} -> ${now.returns}` : 'body or options changed';
        list.altered('function', path, [{ assessment, detail }]);
    }
}
function signatureKey(f) {
    return `${f.argTypes.join(',')}|${f.key}`;
}
/** Sequences owned by a column come and go with it; so does an identity's sequence. */
function diffSequences(before, after, list, m) {
    for (const s of missingFrom(before.sequences, after.sequences)) {
        if (s.identity || (s.ownedBy && ownerGone(s.ownedBy, m)))
            continue;
        list.dropped('sequence', s.path, `DROP SEQUENCE ${s.path}`);
    }
    for (const s of missingFrom(after.sequences, before.sequences)) {
        if (s.identity || (s.ownedBy && ownerNew(s.ownedBy, m)))
            continue;
        list.added('sequence', s.path, s.text);
    }
    for (const [path, old] of before.sequences) {
        const now = after.sequences.get(path);
        if (now)
            list.altered('sequence', path, sequenceDifferences(old, now, m));
    }
}
function ownerGone(owner, m) {
    const [table, column] = splitColumnPath(owner);
    return m.droppedTables.has(table) || (m.droppedColumns.get(table)?.has(column) ?? false);
}
function ownerNew(owner, m) {
    const [table, column] = splitColumnPath(owner);
    return m.addedTables.has(table) || (m.addedColumns.get(table)?.has(column) ?? false);
}
function splitColumnPath(path) {
    const dot = path.lastIndexOf('.');
    return [path.slice(0, dot), path.slice(dot + 1)];
}
/** The owner path after table and column renames. */
function ownerAfterRenames(owner, m) {
    if (!owner)
        return owner;
    const [table, column] = splitColumnPath(owner);
    const afterTable = m.afterPath.get(table) ?? table;
    return `${afterTable}.${m.columnRenames.get(afterTable)?.get(column) ?? column}`;
}
function sequenceDifferences(old, now, m) {
    const parts = [];
    const names = new Set([...old.params.keys(), ...now.params.keys()]);
    for (const name of names) {
        const a = old.params.get(name);
        const b = now.params.get(name);
        if (a === b)
            continue;
        const narrows = (name === 'as' && a !== undefined && b !== undefined && rank(b) < rank(a)) ||
            (name === 'maxvalue' && b !== undefined && (a === undefined || a === '' || Number(b) < Number(a)));
        parts.push({
            assessment: narrows ? destructive('a lower maximum can make nextval fail') : safe('sequence option only'),
            detail: `${name} ${a ?? 'default'} -> ${b ?? 'default'}`,
        });
    }
    if (ownerAfterRenames(old.ownedBy, m) !== now.ownedBy) {
        parts.push({ assessment: safe('ownership only'), detail: `OWNED BY ${now.ownedBy ?? 'NONE'}` });
    }
    return parts;
}
function rank(type) {
    return { smallint: 1, integer: 2, bigint: 3 }[type] ?? 0;
}
function diffTypes(before, after, list) {
    const dropped = missingFrom(before.types, after.types);
    const added = missingFrom(after.types, before.types);
    const typeKey = (t) => `${t.kind}|${t.key}`;
    const renames = matchRenames(dropped, added, typeKey, typeKey);
    const renamed = new Set(renames.flat());
    for (const [old, now] of renames)
        list.renamed('type', now.path, old.path, `${old.path} renamed to ${now.path}`);
    for (const t of dropped)
        if (!renamed.has(t))
            list.dropped('type', t.path, `was: ${t.text}`);
    for (const t of added)
        if (!renamed.has(t))
            list.added('type', t.path, t.text);
    for (const [path, old] of before.types) {
        const now = after.types.get(path);
        if (!now || now.key === old.key)
            continue;
        if (old.kind === 'enum' && now.kind === 'enum')
            diffEnumValues(old, now, list);
        else
            list.altered('type', path, typeDifferences(old, now));
    }
}
function diffEnumValues(old, now, list) {
    const kept = new Set(now.values);
    const had = new Set(old.values);
    const dropped = old.values.filter((v) => !kept.has(v));
    const added = now.values.filter((v) => !had.has(v));
    if (dropped.length === 1 && added.length === 1 && old.values.indexOf(dropped[0]) === now.values.indexOf(added[0])) {
        list.renamed('enum_value', `${now.path}.${added[0]}`, `${old.path}.${dropped[0]}`, `RENAME VALUE '${dropped[0]}' TO '${added[0]}'`);
        return;
    }
    for (const value of dropped)
        list.dropped('enum_value', `${old.path}.${value}`, `value '${value}' removed`);
    for (const value of added)
        list.added('enum_value', `${now.path}.${value}`, `ADD VALUE '${value}'`);
}
function typeDifferences(old, now) {
    if (old.kind !== now.kind) {
        return [{ assessment: destructive('the type is re-created as another kind'), detail: `${old.kind} -> ${now.kind}` }];
    }
    const parts = [];
    if (old.kind === 'composite') {
        for (const [name, type] of old.attributes) {
            const other = now.attributes.get(name);
            if (!other)
                parts.push({ assessment: destructive(`attribute ${name} is dropped`), detail: `DROP ATTRIBUTE ${name}` });
            else if (other.key !== type.key) {
                parts.push({ assessment: assessTypeChange(type, other), detail: `ATTRIBUTE ${name} TYPE ${other.display}` });
            }
        }
        for (const [name, type] of now.attributes) {
            if (!old.attributes.has(name))
                parts.push({ assessment: safe('new attribute'), detail: `ADD ATTRIBUTE ${name} ${type.display}` });
        }
        return parts;
    }
    if (old.kind === 'domain' && old.baseType && now.baseType) {
        if (old.baseType.key !== now.baseType.key) {
            parts.push({ assessment: assessTypeChange(old.baseType, now.baseType), detail: `base type ${now.baseType.display}` });
        }
        if (old.constraintsKey !== now.constraintsKey) {
            parts.push({
                assessment: locking('domain constraints are checked against every column using the domain unless NOT VALID'),
                detail: `now ${now.text}`,
            });
        }
        return parts;
    }
    return [{ assessment: destructive('the type is re-created: columns using it must be converted'), detail: `now ${now.text}` }];
}

;// CONCATENATED MODULE: ./src/schema/diff-tables.ts
/**
 * Compares tables and their columns. A table is renamed when exactly one dropped and one added
 * table have the same columns; a column is renamed when exactly one dropped and one added column of
 * the same table have the same definition at the same place (after the same surviving column).
 * Sub-objects of added or dropped tables are not separate changes.
 */



function diffTables(before, after, list) {
    const matches = {
        afterPath: new Map(),
        renamedTables: new Map(),
        droppedTables: new Set(),
        addedTables: new Set(),
        columnRenames: new Map(),
        droppedColumns: new Map(),
        addedColumns: new Map(),
    };
    const dropped = missingFrom(before.tables, after.tables);
    const added = missingFrom(after.tables, before.tables);
    const renames = matchRenames(dropped.filter((t) => t.columns.size > 0), added.filter((t) => t.columns.size > 0), tableShapeKey, tableShapeKey);
    const renamedOld = new Set(renames.map(([old]) => old.path));
    const renamedNew = new Set(renames.map(([, now]) => now.path));
    for (const table of dropped) {
        if (renamedOld.has(table.path))
            continue;
        matches.droppedTables.add(table.path);
        list.dropped('table', table.path, `DROP TABLE ${table.path} (${table.columns.size} columns)`);
    }
    for (const table of added) {
        if (renamedNew.has(table.path))
            continue;
        matches.addedTables.add(table.path);
        const unlogged = table.persistence === 'unlogged' ? 'UNLOGGED ' : '';
        list.added('table', table.path, `CREATE ${unlogged}TABLE ${table.path} (${table.columns.size} columns)`);
    }
    for (const [old, now] of renames) {
        matches.renamedTables.set(old.path, now.path);
        matches.afterPath.set(old.path, now.path);
        list.renamed('table', now.path, old.path, `${old.path} renamed to ${now.path}`);
        diffTable(old, now, list, matches);
    }
    for (const [path, table] of before.tables) {
        const other = after.tables.get(path);
        if (!other)
            continue;
        matches.afterPath.set(path, path);
        diffTable(table, other, list, matches);
    }
    return matches;
}
/** A table's definition without its name: columns in order, persistence, properties. */
function tableShapeKey(table) {
    const columns = [...table.columns.values()].map((c) => `${c.name} ${columnKey(c)}`);
    return `${table.persistence}|${[...table.properties].join(',')}|${columns.join(',')}`;
}
function columnKey(c) {
    return [c.type.key, c.notNull, c.defaultKey, c.identity, c.generatedKey, c.collation].join('|');
}
function diffTable(old, now, list, matches) {
    const parts = [];
    if (old.persistence !== now.persistence) {
        parts.push({ assessment: persistenceRisk(now.persistence), detail: `${old.persistence} -> ${now.persistence}` });
    }
    const propertyNames = new Set([...old.properties.keys(), ...now.properties.keys()]);
    for (const name of propertyNames) {
        if (old.properties.get(name) !== now.properties.get(name)) {
            parts.push({ assessment: safe('table property only'), detail: `${name} changed` });
        }
    }
    list.altered('table', now.path, parts);
    diffColumns(old, now, list, matches);
}
function diffColumns(old, now, list, matches) {
    const dropped = missingFrom(old.columns, now.columns);
    const added = missingFrom(now.columns, old.columns);
    const anchorsOld = diff_tables_anchors(old, now);
    const anchorsNew = diff_tables_anchors(now, old);
    const renames = matchRenames(dropped, added, (c) => `${anchorsOld.get(c.name)}|${columnKey(c)}`, (c) => `${anchorsNew.get(c.name)}|${columnKey(c)}`);
    const renamedOld = new Set(renames.map(([c]) => c.name));
    const renamedNew = new Set(renames.map(([, c]) => c.name));
    const droppedNames = new Set();
    for (const column of dropped) {
        if (renamedOld.has(column.name))
            continue;
        droppedNames.add(column.name);
        list.dropped('column', `${now.path}.${column.name}`, `DROP COLUMN ${column.name} (${column.type.display})`);
    }
    const addedNames = new Set();
    for (const column of added) {
        if (renamedNew.has(column.name))
            continue;
        addedNames.add(column.name);
        list.added('column', `${now.path}.${column.name}`, `ADD COLUMN ${column.text}`, columnAddedRisk(column));
    }
    if (renames.length > 0) {
        matches.columnRenames.set(now.path, new Map(renames.map(([a, b]) => [a.name, b.name])));
        for (const [a, b] of renames) {
            list.renamed('column', `${now.path}.${b.name}`, `${now.path}.${a.name}`, `RENAME COLUMN ${a.name} TO ${b.name}`);
        }
    }
    if (droppedNames.size > 0)
        matches.droppedColumns.set(old.path, droppedNames);
    if (addedNames.size > 0)
        matches.addedColumns.set(now.path, addedNames);
    for (const [name, column] of old.columns) {
        const other = now.columns.get(name);
        if (other)
            list.altered('column', `${now.path}.${name}`, columnDifferences(column, other));
    }
}
/**
 * Where each column of `table` sits relative to the columns `other` also has: the nearest earlier
 * shared column ('^' for none) and how many unshared columns come between. A renamed column keeps
 * its place; a dropped-and-added one moves to the end.
 */
function diff_tables_anchors(table, other) {
    const out = new Map();
    let last = '^';
    let offset = 0;
    for (const column of table.columns.values()) {
        if (other.columns.has(column.name)) {
            last = column.name;
            offset = 0;
        }
        else {
            out.set(column.name, `${last}+${offset}`);
            offset++;
        }
    }
    return out;
}
function columnDifferences(old, now) {
    const parts = [];
    if (old.type.key !== now.type.key) {
        parts.push({ assessment: assessTypeChange(old.type, now.type), detail: `type ${old.type.display} -> ${now.type.display}` });
    }
    if (!old.notNull && now.notNull)
        parts.push({ assessment: setNotNullRisk(), detail: 'SET NOT NULL' });
    if (old.notNull && !now.notNull)
        parts.push({ assessment: safe('DROP NOT NULL relaxes a rule'), detail: 'DROP NOT NULL' });
    if (old.defaultKey !== now.defaultKey) {
        const detail = now.defaultText === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${now.defaultText}`;
        parts.push({ assessment: safe('a new default applies to new rows only'), detail });
    }
    if (old.identity !== now.identity) {
        const detail = now.identity ? `ADD GENERATED ${now.identity.toUpperCase()} AS IDENTITY` : 'DROP IDENTITY';
        parts.push({ assessment: safe('identity changes apply to new rows only'), detail });
    }
    if (old.generatedKey !== now.generatedKey) {
        parts.push({
            assessment: locking('generation expression changed: rewrites the table'),
            detail: now.generatedText ?? 'DROP EXPRESSION',
        });
    }
    if (old.collation !== now.collation) {
        parts.push({
            assessment: locking('collation changed: rewrites indexes on the column'),
            detail: `COLLATE ${now.collation ?? 'default'}`,
        });
    }
    if (old.optionsKey !== now.optionsKey) {
        const detail = now.optionsText ?? `options reset (were ${old.optionsText ?? 'set'})`;
        parts.push({ assessment: safe('planner statistics or storage option only'), detail });
    }
    return parts;
}

;// CONCATENATED MODULE: ./src/schema/er-diagram.ts
const ER_DIAGRAM_MAX_TABLES = 30;
const MAX_COLUMNS_PER_TABLE = 40;
const CHILD_KINDS = new Set(['column', 'constraint', 'index', 'trigger']);
function renderErDiagram(before, after, changes, maxTables = ER_DIAGRAM_MAX_TABLES) {
    const touched = touchedTables(changes, before, after);
    if (touched.size === 0 || touched.size > maxTables)
        return undefined;
    const marks = columnMarks(changes);
    const tableMarks = new Map(changes.filter((c) => c.kind === 'table').map((c) => [c.object, c.action]));
    const constraintsOf = { after: byTable(after), before: byTable(before) };
    const names = new EntityNames();
    const lines = ['erDiagram'];
    const links = [];
    const neighbours = new Set();
    for (const model of [after, before]) {
        for (const fk of model.constraints.values()) {
            if (fk.type !== 'foreign key' || !fk.referencedTable)
                continue;
            if (!touched.has(fk.table) && !touched.has(fk.referencedTable))
                continue;
            if (model === before && after.constraints.has(fk.path))
                continue;
            for (const end of [fk.table, fk.referencedTable])
                if (!touched.has(end))
                    neighbours.add(end);
            links.push({ from: fk.table, to: fk.referencedTable, name: fk.name });
        }
    }
    const shownNeighbours = new Set([...neighbours].sort().slice(0, maxTables));
    for (const path of [...touched].sort()) {
        const table = after.tables.get(path) ?? before.tables.get(path);
        if (!table)
            continue;
        const inAfter = after.tables.get(path) === table;
        const previous = inAfter ? before.tables.get(path) : undefined;
        const keys = keyColumns(table, inAfter ? constraintsOf.after : constraintsOf.before);
        lines.push(`  ${names.of(path)} {`);
        lines.push(...attributeLines(table, keys, marks, tableMarks.get(path), previous));
        lines.push('  }');
    }
    for (const path of shownNeighbours) {
        const table = after.tables.get(path) ?? before.tables.get(path);
        if (!table)
            continue;
        const keys = keyColumns(table, after.tables.get(path) === table ? constraintsOf.after : constraintsOf.before);
        if (keys.length === 0)
            continue;
        lines.push(`  ${names.of(path)} {`);
        for (const column of keys)
            lines.push(`    ${word(column.type)} ${attributeName(column.name)} ${column.key}`);
        lines.push('  }');
    }
    const shown = (path) => touched.has(path) || shownNeighbours.has(path);
    const relationships = new Set(links
        .filter((link) => shown(link.from) && shown(link.to))
        .map((link) => `  ${names.of(link.from)} }o--|| ${names.of(link.to)} : "${label(link.name)}"`));
    lines.push(...[...relationships].sort());
    return `${lines.join('\n')}\n`;
}
function byTable(model) {
    const out = new Map();
    for (const constraint of model.constraints.values()) {
        const list = out.get(constraint.table);
        if (list)
            list.push(constraint);
        else
            out.set(constraint.table, [constraint]);
    }
    return out;
}
function touchedTables(changes, before, after) {
    const touched = new Set();
    for (const change of changes) {
        if (change.kind === 'table')
            touched.add(change.object);
        else if (CHILD_KINDS.has(change.kind)) {
            const table = change.object.slice(0, change.object.lastIndexOf('.'));
            if (after.tables.has(table) || before.tables.has(table))
                touched.add(table);
        }
    }
    return touched;
}
function columnMarks(changes) {
    const marks = new Map();
    for (const change of changes) {
        if (change.kind !== 'column')
            continue;
        marks.set(change.object, change.action === 'renamed' ? `renamed from ${lastPart(change.from ?? '')}` : change.action);
    }
    return marks;
}
function attributeLines(table, keyList, marks, tableAction, previous) {
    const keys = new Map(keyList.map((k) => [k.name, k.key]));
    const whole = tableAction === 'added' || tableAction === 'dropped' ? tableAction : undefined;
    const lines = [];
    const columns = [...table.columns.values()];
    for (const column of columns.slice(0, MAX_COLUMNS_PER_TABLE)) {
        const mark = marks.get(`${table.path}.${column.name}`) ?? whole;
        const key = keys.get(column.name);
        lines.push(`    ${word(column.type.display)} ${attributeName(column.name)}${key ? ` ${key}` : ''}${mark ? ` "${label(mark)}"` : ''}`);
    }
    if (columns.length > MAX_COLUMNS_PER_TABLE) {
        lines.push(`    etc more_columns "${columns.length - MAX_COLUMNS_PER_TABLE} more columns"`);
    }
    for (const column of previous?.columns.values() ?? []) {
        if (table.columns.has(column.name) || marks.get(`${table.path}.${column.name}`) !== 'dropped')
            continue;
        lines.push(`    ${word(column.type.display)} ${attributeName(column.name)} "dropped"`);
    }
    return lines;
}
/** Primary-key and foreign-key columns of a table, marked PK, FK or "PK,FK". */
function keyColumns(table, constraintsByTable) {
    const roles = new Map();
    for (const constraint of constraintsByTable.get(table.path) ?? []) {
        const role = constraint.type === 'primary key' ? 'PK' : constraint.type === 'foreign key' ? 'FK' : undefined;
        if (!role)
            continue;
        const columns = role === 'PK' ? constraint.columns : new Set(stringKeys(constraint.node.fk_attrs));
        for (const name of columns)
            roles.set(name, (roles.get(name) ?? new Set()).add(role));
    }
    const out = [];
    for (const column of table.columns.values()) {
        const role = roles.get(column.name);
        if (role)
            out.push({ name: column.name, type: column.type.display, key: [...role].sort().reverse().join(',') });
    }
    return out;
}
function stringKeys(list) {
    return Array.isArray(list) ? list.map((item) => item?.String?.sval ?? '') : [];
}
/** Gives each table path a distinct Mermaid-safe entity name. */
class EntityNames {
    byPath = new Map();
    used = new Set();
    of(path) {
        const known = this.byPath.get(path);
        if (known)
            return known;
        const base = word(path);
        let name = base;
        for (let i = 2; this.used.has(name); i++)
            name = `${base}_${i}`;
        this.used.add(name);
        this.byPath.set(path, name);
        return name;
    }
}
function word(text) {
    const cleaned = text
        .replace(/\[\]/g, '_array')
        .replace(/[^A-Za-z0-9_]+/g, '_')
        .replace(/^_+|_+$/g, '');
    if (cleaned === '')
        return 'unnamed';
    return /^[A-Za-z]/.test(cleaned) ? cleaned : `n_${cleaned}`;
}
function attributeName(name) {
    return word(name);
}
function label(text) {
    return text.replace(/["\r\n\\]/g, ' ').slice(0, 80);
}
function lastPart(path) {
    return path.slice(path.lastIndexOf('.') + 1);
}

;// CONCATENATED MODULE: ./src/schema/normalize-dump.ts
/**
 * Removes what differs between two dumps of the same schema but is not schema: psql meta-commands
 * (`\restrict <random key>`, `\unrestrict`, `\connect`), the version comments, pg_dump's `SET` and
 * `set_config` preamble (and the `SET default_tablespace` lines between objects) and `setval` calls.
 *
 * Only lines that start a top-level statement are dropped: a line inside a dollar-quoted function
 * body or a string literal is kept whatever it looks like. Line endings become `\n`, trailing
 * blank lines are trimmed to one newline and runs of blank lines left behind collapse to two.
 */
const VERSION_COMMENT = /^-- (Dumped from database version|Dumped by pg_dump version|Started on|Completed on)\b/;
const TOC_COMMENT = /^-- TOC entry \d+ \(class \d+ OID \d+\)$/;
const PREAMBLE_STATEMENT = /^(SET\s+[A-Za-z_.]+\s*(=|TO)\s*.*;|SELECT pg_catalog\.(set_config|setval)\(.*\);)\s*$/i;
function normalize_dump_normalizeDump(sql) {
    const lines = sql.replace(/\r\n?/g, '\n').split('\n');
    const scanner = new StatementScanner();
    const kept = [];
    for (const line of lines) {
        const atTopLevel = scanner.atStatementStart();
        if (atTopLevel && isNoise(line))
            continue;
        scanner.feed(line);
        kept.push(line);
    }
    return collapseBlankLines(kept).join('\n');
}
function isNoise(line) {
    if (line.startsWith('\\'))
        return true;
    if (VERSION_COMMENT.test(line) || TOC_COMMENT.test(line))
        return true;
    return PREAMBLE_STATEMENT.test(line);
}
function collapseBlankLines(lines) {
    const out = [];
    let blanks = 0;
    for (const line of lines) {
        if (line.trim() === '') {
            blanks++;
            if (blanks > 2)
                continue;
        }
        else {
            blanks = 0;
        }
        out.push(line);
    }
    while (out.length > 0 && out[out.length - 1].trim() === '')
        out.pop();
    while (out.length > 0 && out[0].trim() === '')
        out.shift();
    return out.length === 0 ? [] : [...out, ''];
}
/** Characters that can open a quoted string, a dollar-quoted body or a comment. */
const SPECIAL = /['"$/-]/;
/** Tracks, line by line, whether the next line begins outside any statement, string or body. */
class StatementScanner {
    state = 'code';
    dollarTag = '';
    blockDepth = 0;
    inStatement = false;
    atStatementStart() {
        return this.state === 'code' && !this.inStatement;
    }
    feed(line) {
        if (this.state === 'code' && !SPECIAL.test(line)) {
            // Nothing that opens a string, body or comment: only semicolons matter.
            const semicolon = line.lastIndexOf(';');
            if (semicolon >= 0)
                this.inStatement = line.slice(semicolon + 1).trim() !== '';
            else if (line.trim() !== '')
                this.inStatement = true;
            return;
        }
        let i = 0;
        while (i < line.length) {
            const ch = line[i];
            switch (this.state) {
                case 'code':
                    if (ch === '-' && line[i + 1] === '-') {
                        i = line.length;
                        continue;
                    }
                    if (ch === '/' && line[i + 1] === '*') {
                        this.state = 'block';
                        this.blockDepth = 1;
                        i += 2;
                        continue;
                    }
                    if (ch === "'")
                        this.state = 'single';
                    else if (ch === '"')
                        this.state = 'double';
                    else if (ch === '$') {
                        const tag = /^\$[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*\$|^\$\$/.exec(line.slice(i));
                        if (tag && !/[A-Za-z0-9_]/.test(line[i - 1] ?? '')) {
                            this.state = 'dollar';
                            this.dollarTag = tag[0];
                            this.inStatement = true;
                            i += tag[0].length;
                            continue;
                        }
                    }
                    if (ch === ';')
                        this.inStatement = false;
                    else if (!/\s/.test(ch))
                        this.inStatement = true;
                    i++;
                    break;
                case 'single':
                    if (ch === "'")
                        this.state = 'code';
                    i++;
                    break;
                case 'double':
                    if (ch === '"')
                        this.state = 'code';
                    i++;
                    break;
                case 'dollar':
                    if (ch === '$' && line.startsWith(this.dollarTag, i)) {
                        this.state = 'code';
                        i += this.dollarTag.length;
                    }
                    else {
                        i++;
                    }
                    break;
                case 'block':
                    if (ch === '*' && line[i + 1] === '/') {
                        this.blockDepth--;
                        if (this.blockDepth === 0)
                            this.state = 'code';
                        i += 2;
                    }
                    else if (ch === '/' && line[i + 1] === '*') {
                        this.blockDepth++;
                        i += 2;
                    }
                    else {
                        i++;
                    }
                    break;
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/schema/model.ts
function emptySchemaModel() {
    return {
        schemas: new Map(),
        extensions: new Map(),
        tables: new Map(),
        constraints: new Map(),
        indexes: new Map(),
        triggers: new Map(),
        views: new Map(),
        functions: new Map(),
        sequences: new Map(),
        types: new Map(),
    };
}

;// CONCATENATED MODULE: ./src/schema/read-objects.ts
/**
 * Reads the objects that are not tables from parse-tree statements: views and materialized views,
 * functions and procedures, sequences, types (enum, composite, domain, range), extensions, schemas.
 */


function readView(model, stmt, text) {
    const path = relationPath(stmt.view);
    const node = { query: stmt.query, aliases: stmt.aliases, options: stmt.options, check: stmt.withCheckOption };
    model.views.set(path, {
        path,
        materialized: false,
        node,
        key: canonical(node, new Set(['inh', 'relpersistence'])),
        outputColumns: outputColumns(stmt.query, stringList(stmt.aliases)),
        outputSources: outputSources(stmt.query, stringList(stmt.aliases)),
        text: oneLine(text),
    });
}
function readMaterializedView(model, stmt, text) {
    if (stmt.objtype !== 'OBJECT_MATVIEW')
        return;
    const into = stmt.into;
    const path = relationPath(into.rel);
    const node = { query: stmt.query, colNames: into.colNames, options: into.options, accessMethod: into.accessMethod };
    model.views.set(path, {
        path,
        materialized: true,
        node,
        key: canonical(node, new Set(['inh', 'relpersistence'])),
        outputColumns: outputColumns(stmt.query, stringList(into.colNames)),
        outputSources: outputSources(stmt.query, stringList(into.colNames)),
        text: oneLine(text.replace(/\s+WITH NO DATA\s*$/i, '')),
    });
}
/** A view's output columns (name -> expression key), from its alias list or its SELECT list. */
function outputColumns(query, aliases) {
    let select = query?.SelectStmt;
    while (select?.larg)
        select = select.larg;
    const out = new Map();
    const targets = (select?.targetList ?? []).map((t) => t.ResTarget);
    targets.forEach((target, i) => {
        const fields = target.val?.ColumnRef ? stringList(target.val.ColumnRef.fields) : [];
        const name = aliases[i] ?? target.name ?? fields[fields.length - 1] ?? `?column${i}?`;
        out.set(name, canonical(target.val));
    });
    for (const alias of aliases.slice(targets.length))
        out.set(alias, '');
    return out;
}
/**
 * For output columns that are a bare column reference (`t.amount`, or `amount` when the query reads
 * one table), the table column they come from: if its type changes, the view's output does too.
 */
function outputSources(query, aliases) {
    const select = query?.SelectStmt;
    const out = new Map();
    if (!select || select.larg)
        return out;
    const relations = new Map();
    collectRelations(select.fromClause, relations);
    const only = relations.size === 1 ? [...relations.values()][0] : undefined;
    (select.targetList ?? []).forEach((item, i) => {
        const target = item.ResTarget;
        const fields = target.val?.ColumnRef ? stringList(target.val.ColumnRef.fields) : [];
        const column = fields[fields.length - 1];
        if (!column)
            return;
        const table = fields.length === 2 ? relations.get(fields[0]) : fields.length === 1 ? only : undefined;
        if (table)
            out.set(aliases[i] ?? target.name ?? column, `${table}.${column}`);
    });
    return out;
}
/** Alias (or bare name) -> `schema.table` for each table in a FROM list, through joins. */
function collectRelations(items, into) {
    for (const item of items ?? []) {
        if (item.RangeVar)
            into.set(item.RangeVar.alias?.aliasname ?? item.RangeVar.relname, relationPath(item.RangeVar));
        else if (item.JoinExpr)
            collectRelations([item.JoinExpr.larg, item.JoinExpr.rarg], into);
    }
}
const ARGUMENT_MODES = new Set(['FUNC_PARAM_IN', 'FUNC_PARAM_INOUT', 'FUNC_PARAM_VARIADIC', 'FUNC_PARAM_DEFAULT']);
function readFunction(model, stmt, text) {
    const name = qualifiedPath(stringList(stmt.funcname));
    const parameters = (stmt.parameters ?? []).map((p) => p.FunctionParameter);
    const argTypes = parameters
        .filter((p) => ARGUMENT_MODES.has(p.mode ?? 'FUNC_PARAM_DEFAULT'))
        .map((p) => typeInfo(p.argType).display);
    const tableColumns = parameters.filter((p) => p.mode === 'FUNC_PARAM_TABLE');
    const returns = tableColumns.length > 0
        ? `TABLE(${tableColumns.map((p) => `${p.name} ${typeInfo(p.argType).display}`).join(', ')})`
        : stmt.returnType
            ? typeInfo(stmt.returnType).display
            : '';
    const path = `${name}(${argTypes.join(', ')})`;
    const node = {
        parameters: stmt.parameters,
        returnType: stmt.returnType,
        options: stmt.options,
        sql_body: stmt.sql_body,
        is_procedure: stmt.is_procedure,
    };
    const header = text.split(/\n/)[0] ?? text;
    model.functions.set(path, {
        path,
        name,
        argTypes,
        returns,
        procedure: stmt.is_procedure === true,
        key: canonical(node),
        text: oneLine(header),
    });
}
function readCreateSequence(model, stmt, text) {
    const path = relationPath(stmt.sequence);
    const params = new Map();
    let ownedBy;
    for (const option of stmt.options ?? []) {
        const d = option.DefElem;
        if (d.defname === 'owned_by')
            ownedBy = ownerPath(d.arg);
        else
            params.set(d.defname, defElemValue(d.arg));
    }
    model.sequences.set(path, { path, params, ownedBy, identity: false, text: oneLine(text) });
}
function readAlterSequence(model, stmt) {
    const sequence = model.sequences.get(relationPath(stmt.sequence));
    if (!sequence)
        return;
    for (const option of stmt.options ?? []) {
        const d = option.DefElem;
        if (d.defname === 'owned_by')
            sequence.ownedBy = ownerPath(d.arg);
        else
            sequence.params.set(d.defname, defElemValue(d.arg));
    }
}
function ownerPath(arg) {
    const names = stringList(arg?.List?.items ?? arg);
    if (names.length === 1 && names[0] === 'none')
        return undefined;
    return names.length === 2 ? `public.${names.join('.')}` : names.join('.');
}
function addType(model, type) {
    model.types.set(type.path, { values: [], attributes: new Map(), ...type });
}
function readEnum(model, stmt, text) {
    const values = stringList(stmt.vals);
    addType(model, {
        path: qualifiedPath(stringList(stmt.typeName)),
        kind: 'enum',
        values,
        key: JSON.stringify(values),
        text: oneLine(text),
    });
}
function readCompositeType(model, stmt, text) {
    const attributes = new Map();
    for (const element of stmt.coldeflist ?? []) {
        const def = element.ColumnDef;
        attributes.set(def.colname, typeInfo(def.typeName));
    }
    addType(model, {
        path: relationPath(stmt.typevar),
        kind: 'composite',
        attributes,
        key: JSON.stringify([...attributes].map(([name, type]) => [name, type.key])),
        text: oneLine(text),
    });
}
function readDomain(model, stmt, text) {
    const baseType = typeInfo(stmt.typeName);
    const constraintsKey = canonical({ constraints: stmt.constraints, collation: stmt.collClause });
    addType(model, {
        path: qualifiedPath(stringList(stmt.domainname)),
        kind: 'domain',
        baseType,
        constraintsKey,
        key: `${baseType.key}|${constraintsKey}`,
        text: oneLine(text),
    });
}
function readRange(model, stmt, text) {
    const constraintsKey = canonical(stmt.params);
    addType(model, {
        path: qualifiedPath(stringList(stmt.typeName)),
        kind: 'range',
        constraintsKey,
        key: constraintsKey,
        text: oneLine(text),
    });
}
function readBaseType(model, stmt, text) {
    if (stmt.kind !== 'OBJECT_TYPE')
        return;
    const key = canonical(stmt.definition ?? null);
    addType(model, { path: qualifiedPath(stringList(stmt.defnames)), kind: 'base', key, text: oneLine(text) });
}
function readExtension(model, stmt, text) {
    const schemaOption = (stmt.options ?? []).find((o) => o.DefElem?.defname === 'schema');
    model.extensions.set(stmt.extname, {
        name: stmt.extname,
        schema: schemaOption ? defElemValue(schemaOption.DefElem.arg) : undefined,
        text: oneLine(text),
    });
}
function readSchema(model, stmt, text) {
    if (stmt.schemaname)
        model.schemas.set(stmt.schemaname, { name: stmt.schemaname, text: oneLine(text) });
}

;// CONCATENATED MODULE: ./src/schema/parse-schema.ts





/** Parses a dump (normalised first: meta-commands and the SET preamble removed). */
function parseSchema(parser, sql) {
    return parseNormalizedSchema(parser, normalizeDump(sql));
}
/** Parses SQL that `normalizeDump` has already cleaned. */
function parseNormalizedSchema(parser, sql) {
    const model = emptySchemaModel();
    const tree = parser.parse(sql);
    const source = new SourceText(sql);
    for (const raw of tree.stmts) {
        const [type] = Object.keys(raw.stmt);
        const stmt = raw.stmt[type];
        const text = () => source.statement(raw.stmt_location, raw.stmt_len);
        switch (type) {
            case 'CreateStmt':
                readCreateTable(model, source, stmt);
                break;
            case 'CreateForeignTableStmt':
                readCreateTable(model, source, stmt.base);
                break;
            case 'AlterTableStmt':
                readAlterTable(model, source, stmt, text());
                break;
            case 'IndexStmt':
                readIndex(model, stmt, text());
                break;
            case 'CreateTrigStmt':
                readTrigger(model, stmt, text());
                break;
            case 'ViewStmt':
                readView(model, stmt, text());
                break;
            case 'CreateTableAsStmt':
                readMaterializedView(model, stmt, text());
                break;
            case 'CreateFunctionStmt':
                readFunction(model, stmt, text());
                break;
            case 'CreateSeqStmt':
                readCreateSequence(model, stmt, text());
                break;
            case 'AlterSeqStmt':
                readAlterSequence(model, stmt);
                break;
            case 'CreateEnumStmt':
                readEnum(model, stmt, text());
                break;
            case 'CompositeTypeStmt':
                readCompositeType(model, stmt, text());
                break;
            case 'CreateDomainStmt':
                readDomain(model, stmt, text());
                break;
            case 'CreateRangeStmt':
                readRange(model, stmt, text());
                break;
            case 'DefineStmt':
                readBaseType(model, stmt, text());
                break;
            case 'CreateExtensionStmt':
                readExtension(model, stmt, text());
                break;
            case 'CreateSchemaStmt':
                readSchema(model, stmt, text());
                break;
            default:
                break;
        }
    }
    return model;
}

// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(7291);
;// CONCATENATED MODULE: ./src/schema/unified-diff.ts
/**
 * Unified diffs of schema dumps that stay cheap on huge ones. jsdiff's Myers diff needs memory that
 * grows with the square of the edit count, so a dump gaining thousands of tables can exhaust the
 * heap; past `MAX_EDITS` the differing middle (after the common head and tail) becomes one hunk,
 * which for the usual case, a block of new objects, is exactly the right diff.
 */

const MAX_EDITS = 4_000;
const CONTEXT = 3;
function unifiedDiff(oldName, newName, before, after) {
    if (before === after)
        return '';
    const patch = (0,create/* createTwoFilesPatch */.ss)(oldName, newName, before, after, undefined, undefined, {
        context: CONTEXT,
        maxEditLength: MAX_EDITS,
        headerOptions: create/* FILE_HEADERS_ONLY */.jr,
    });
    return patch ?? oneHunk(oldName, newName, before, after);
}
function lines(text) {
    const out = text.split('\n');
    if (out[out.length - 1] === '')
        out.pop();
    return out;
}
/** The common head and tail as context, everything between as removed then added. */
function oneHunk(oldName, newName, before, after) {
    const a = lines(before);
    const b = lines(after);
    let head = 0;
    while (head < a.length && head < b.length && a[head] === b[head])
        head++;
    let tail = 0;
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
        tail++;
    const from = Math.max(0, head - CONTEXT);
    const lead = a.slice(from, head);
    const trail = a.slice(a.length - tail, Math.min(a.length, a.length - tail + CONTEXT));
    const removed = a.slice(head, a.length - tail);
    const added = b.slice(head, b.length - tail);
    const oldCount = lead.length + removed.length + trail.length;
    const newCount = lead.length + added.length + trail.length;
    const start = (count) => (count === 0 ? from : from + 1);
    return [
        `--- ${oldName}`,
        `+++ ${newName}`,
        `@@ -${start(oldCount)},${oldCount} +${start(newCount)},${newCount} @@`,
        ...lead.map((l) => ` ${l}`),
        ...removed.map((l) => `-${l}`),
        ...added.map((l) => `+${l}`),
        ...trail.map((l) => ` ${l}`),
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/schema/types.ts
/**
 * The vocabulary of compare-schema's structured review (INTERFACE.md, "compare-schema"): one
 * `Change` per object that differs between two schema dumps, with a risk and a one-line reason.
 */
const CHANGE_KINDS = [
    'schema',
    'extension',
    'table',
    'column',
    'index',
    'constraint',
    'type',
    'enum_value',
    'view',
    'materialized_view',
    'function',
    'trigger',
    'sequence',
];
const CHANGE_ACTIONS = (/* unused pure expression or super */ null && (['added', 'dropped', 'altered', 'renamed']));

;// CONCATENATED MODULE: ./src/schema/review.ts
/**
 * The structured review: `diffSchemas` turns two SchemaModels into Changes; `reviewSchemas` goes
 * from two dumps to a DatabaseReview (changes, unified diff, ER diagram when small enough).
 */









const KIND_ORDER = new Map(CHANGE_KINDS.map((kind, i) => [kind, i]));
function diffSchemas(before, after, database) {
    const list = new ChangeList(database);
    diffSchemasAndExtensions(before, after, list);
    diffTypes(before, after, list);
    const tables = diffTables(before, after, list);
    diffTableChildren(before, after, list, tables);
    diffSequences(before, after, list, tables);
    diffViews(before, after, list, tables);
    diffFunctions(before, after, list);
    return list.changes.sort((a, b) => compareText(a.object, b.object) ||
        (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
        compareText(a.action, b.action));
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function reviewSchemas(parser, input) {
    const beforeSql = normalize_dump_normalizeDump(input.beforeSql);
    const afterSql = normalize_dump_normalizeDump(input.afterSql);
    const before = parseNormalizedSchema(parser, beforeSql);
    const after = parseNormalizedSchema(parser, afterSql);
    const changes = diffSchemas(before, after, input.database);
    const diff = input.diff ?? review_unifiedDiff(input.database, beforeSql, afterSql);
    const erDiagram = renderErDiagram(before, after, changes, input.maxDiagramTables);
    return { database: input.database, changes, diff, ...(erDiagram ? { erDiagram } : {}) };
}
/** Unified diff of two normalised dumps; empty when equal. */
function review_unifiedDiff(database, beforeSql, afterSql) {
    return unifiedDiff(`${database} (base)`, `${database} (branch)`, beforeSql, afterSql);
}

;// CONCATENATED MODULE: ./src/commands/compare-schema.ts
/**
 * compare-schema: what the PR did to each database's schema, against the parent at the fork point
 * (so later merges into the parent never show up as this PR's drops), reviewed with the real
 * PostgreSQL grammar, posted as a sticky comment, and optionally failing the step.
 */











const MAX_DIFF_OUTPUT = 512 * 1024;
async function run(ctx) {
    const settings = (0,commands/* parseCompareSettings */.GJ)(ctx.read);
    const projectId = (0,lookup/* requireProjectId */.AN)(ctx);
    const name = (0,lookup/* requireBranchName */.v)(ctx);
    const { neon } = ctx;
    const branch = await (0,src_neon/* findBranchByExactName */.n9)(neon, projectId, name);
    if (!branch)
        throw new errors/* InputError */.d('branch-name', `names no branch of project ${projectId}: "${name}" (run create-branch first)`);
    const base = settings.baseBranch
        ? await (0,lookup/* resolveBranch */.pd)(neon, projectId, settings.baseBranch, 'base-branch')
        : await parentOf(neon, projectId, branch);
    let point = basePoint(settings, branch, base);
    const databases = settings.databases.length > 0 ? settings.databases : await databasesOf(neon, projectId, branch.id);
    const parser = await (0,logger/* phase */.O)('Load the PostgreSQL parser', () => loadParser());
    const reviews = [];
    for (const database of databases) {
        const review = await (0,logger/* phase */.O)(`Review ${database}: ${branch.name} against ${base.name}`, async () => {
            let fetched;
            try {
                fetched = await fetchSides(neon, projectId, branch, base, database, settings, point);
            }
            catch (e) {
                // Neon refuses a base point outside its history retention: fall back to the head, and say so
                if (!(e instanceof src_neon/* NeonApiError */.tB) || e.status < 400 || e.status >= 500 || (point.lsn === undefined && point.timestamp === undefined) || settings.baseLsn || settings.baseTimestamp)
                    throw e;
                ctx.log.warning(`Neon refused the fork point (${e.apiMessage}); comparing with the head of ${base.name} instead`);
                point = { shown: { mode: 'head', branch: base.name, fallbackReason: `Neon refused the fork point (${e.apiMessage})` } };
                fetched = await fetchSides(neon, projectId, branch, base, database, settings, point);
            }
            const r = reviewSchemas(parser, { database, beforeSql: fetched.beforeSql, afterSql: fetched.afterSql, diff: fetched.diff });
            ctx.log.info(`${database}: ${r.changes.length} change(s)${r.diff ? '' : ', no differences'}`);
            return r;
        });
        reviews.push(review);
    }
    const changes = reviews.flatMap((r) => r.changes);
    const fullDiff = reviews.map((r) => r.diff).filter(Boolean).join('\n');
    const diffFile = writeDiffFile(ctx, branch.id, fullDiff);
    const summaryLine = summarize(changes, reviews);
    const header = { title: `Schema changes: ${branch.name}`, basePoint: point.shown };
    const commentUrl = await (0,logger/* phase */.O)('Comment and summary', () => (0,publish/* publishReport */.S)(ctx, 'compare-schema', branch.name, {
        comment: renderComment(reviews, header),
        summary: renderSummary(reviews, header),
    }));
    const diffOutput = capDiff(fullDiff);
    if (diffOutput !== fullDiff)
        ctx.log.notice?.(`The schema diff is ${Buffer.byteLength(fullDiff)} bytes: the diff output holds the first 512 KB, diff-file all of it`);
    const outputs = {
        changes: JSON.stringify(changes),
        'has-changes': String(changes.length > 0 || fullDiff !== ''),
        destructive: String(changes.some((c) => c.destructive)),
        diff: diffOutput,
        'diff-file': diffFile,
        summary: summaryLine,
        ...(commentUrl ? { 'comment-url': commentUrl } : {}),
    };
    return { outputs, failure: failOn(settings.failOn, changes, fullDiff) };
}
async function parentOf(neon, projectId, branch) {
    if (!branch.parent_id)
        throw new errors/* InputError */.d('base-branch', `is required: branch ${branch.name} has no parent to compare with (a root or schema-only branch)`);
    return (0,lookup/* resolveBranch */.pd)(neon, projectId, branch.parent_id, 'base-branch');
}
function basePoint(settings, branch, base) {
    if (settings.baseLsn)
        return { lsn: settings.baseLsn, shown: { mode: 'lsn', branch: base.name, lsn: settings.baseLsn } };
    if (settings.baseTimestamp)
        return { timestamp: settings.baseTimestamp, shown: { mode: 'timestamp', branch: base.name, timestamp: settings.baseTimestamp } };
    if (settings.basePoint === 'fork' && base.id === branch.parent_id && branch.parent_lsn)
        return { lsn: branch.parent_lsn, shown: { mode: 'fork', branch: base.name, lsn: branch.parent_lsn } };
    return { shown: { mode: 'head', branch: base.name } };
}
async function databasesOf(neon, projectId, branchId) {
    const { data } = await neon.call('listProjectBranchDatabases', { path: { project_id: projectId, branch_id: branchId } });
    return (0,src_neon/* parse */.qg)(src_neon/* DatabasesResponseSchema */.Fy, data, 'listProjectBranchDatabases').databases.map((d) => d.name);
}
async function fetchSides(neon, projectId, branch, base, database, settings, point) {
    const { data: cmp } = await neon.call('getProjectBranchSchemaComparison', {
        path: { project_id: projectId, branch_id: branch.id },
        query: {
            db_name: database,
            base_branch_id: base.id,
            lsn: settings.lsn,
            timestamp: settings.timestamp,
            base_lsn: point.lsn,
            base_timestamp: point.timestamp,
        },
    });
    const diff = (0,src_neon/* parse */.qg)(src_neon/* CompareSchemaResponseSchema */.Tu, cmp, 'getProjectBranchSchemaComparison').diff ?? '';
    const schema = async (branchId, lsn, timestamp) => {
        const { data } = await neon.call('getProjectBranchSchema', {
            path: { project_id: projectId, branch_id: branchId },
            query: { db_name: database, lsn, timestamp },
        });
        return (0,src_neon/* parse */.qg)(src_neon/* BranchSchemaResponseSchema */.U4, data, 'getProjectBranchSchema').sql ?? '';
    };
    const [beforeSql, afterSql] = [await schema(base.id, point.lsn, point.timestamp), await schema(branch.id, settings.lsn, settings.timestamp)];
    return { diff, beforeSql, afterSql };
}
function writeDiffFile(ctx, branchId, diff) {
    const dir = ctx.github.runnerTemp || (0,external_node_path_.join)(process.cwd(), '.neon-preview-action');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const file = (0,external_node_path_.join)(dir, `neon-schema-diff-${branchId}.diff`);
    (0,external_node_fs_.writeFileSync)(file, diff);
    return file;
}
/** The diff output: at most 512 KB (UTF-8), cut at a line end with a notice. */
function capDiff(diff, maxBytes = MAX_DIFF_OUTPUT) {
    if (Buffer.byteLength(diff) <= maxBytes)
        return diff;
    const notice = '… (diff cut at 512 KB; the whole diff is in the diff-file output)\n';
    const room = maxBytes - Buffer.byteLength(notice);
    const head = Buffer.from(diff).subarray(0, room).toString('utf8').replace(/\uFFFD+$/, '');
    return `${head.slice(0, head.lastIndexOf('\n') + 1)}${notice}`;
}
function summarize(changes, reviews) {
    if (changes.length === 0)
        return reviews.some((r) => r.diff) ? 'Schema dumps differ, but no structural change was found' : 'No schema changes';
    const count = (risk) => changes.filter((c) => c.risk === risk).length;
    const dbs = [...new Set(changes.map((c) => c.database))].join(', ');
    return `${changes.length} schema change(s) in ${dbs}: ${count('destructive')} destructive, ${count('locking')} locking, ${count('safe')} safe`;
}
function failOn(mode, changes, diff) {
    if (mode === 'none')
        return undefined;
    const offending = mode === 'destructive' ? changes.filter((c) => c.destructive) : changes;
    if (offending.length === 0 && !(mode === 'any' && diff !== ''))
        return undefined;
    const list = offending.slice(0, 10).map((c) => `${c.kind} ${c.object} ${c.action} (${c.reason})`);
    const more = offending.length > 10 ? `; and ${offending.length - 10} more` : '';
    const what = mode === 'destructive' ? 'destructive change(s)' : 'schema change(s)';
    return `fail-on: ${mode}: ${offending.length || 'unparsed'} ${what}: ${list.join('; ')}${more}`;
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
