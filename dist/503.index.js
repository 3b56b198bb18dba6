export const id = 503;
export const ids = [503];
export const modules = {

/***/ 4661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  jc: () => (/* binding */ parseAnonymizeSettings),
  XF: () => (/* binding */ parseApiSettings),
  b$: () => (/* binding */ parseBranchSettings),
  LJ: () => (/* binding */ parseCleanupSettings),
  GJ: () => (/* binding */ parseCompareSettings),
  nl: () => (/* binding */ parseSnapshotSettings)
});

// UNUSED EXPORTS: SNAPSHOT_ACTIONS

// EXTERNAL MODULE: ./src/inputs/duration.ts
var duration = __webpack_require__(1601);
// EXTERNAL MODULE: ./src/inputs/errors.ts
var errors = __webpack_require__(1318);
// EXTERNAL MODULE: ./src/inputs/fields.ts
var fields = __webpack_require__(2996);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/inputs/masking-rules.ts
/** Masking rules for `anonymize`: parsed from inline YAML/JSON or a workspace file, checked before any request. */




const KEYS = new Set(['database_name', 'schema_name', 'table_name', 'column_name', 'masking_function', 'masking_value']);
function parseMaskingRules(source, input, defaultDatabase) {
    let doc;
    try {
        doc = (0,dist.parse)(source);
    }
    catch (e) {
        const why = e.message.split('\n')[0];
        throw new errors/* InputError */.d(input, `accepts a YAML or JSON list of masking rules; it does not parse: ${why}`);
    }
    if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'masking_rules' in doc)
        doc = doc.masking_rules;
    if (!Array.isArray(doc) || doc.length === 0)
        throw new errors/* InputError */.d(input, 'accepts a non-empty list of rules {table_name, column_name, masking_function | masking_value}');
    return doc.map((rule, i) => checkRule(rule, i, input, defaultDatabase));
}
function checkRule(rule, i, input, defaultDatabase) {
    const where = `rule ${i + 1}`;
    if (!rule || typeof rule !== 'object' || Array.isArray(rule))
        throw new errors/* InputError */.d(input, `${where} must be a mapping of Neon's rule keys`);
    const r = rule;
    for (const key of Object.keys(r))
        if (!KEYS.has(key))
            throw new errors/* InputError */.d(input, `${where} has an unknown key ${(0,errors/* shown */.S)(key)}; accepted: ${[...KEYS].join(', ')}`);
    for (const key of Object.keys(r))
        if (typeof r[key] !== 'string' && !(key === 'masking_value' && (typeof r[key] === 'number' || r[key] === null)))
            throw new errors/* InputError */.d(input, `${where}: ${key} must be a string`);
    for (const key of ['table_name', 'column_name'])
        if (!r[key])
            throw new errors/* InputError */.d(input, `${where} needs ${key}`);
    const hasFn = r.masking_function !== undefined;
    const hasValue = r.masking_value !== undefined;
    const label = `${r.table_name}.${r.column_name}`;
    if (hasFn === hasValue)
        throw new errors/* InputError */.d(input, `${where} (${label}) needs exactly one of masking_function or masking_value`);
    const out = {
        database_name: r.database_name || defaultDatabase,
        schema_name: r.schema_name || 'public',
        table_name: r.table_name,
        column_name: r.column_name,
    };
    if (hasFn)
        out.masking_function = r.masking_function;
    else
        out.masking_value = r.masking_value === null ? 'NULL' : String(r.masking_value);
    return out;
}
/** Reads `masking-rules-file`, which must stay inside the workspace. */
function readRulesFile(path, workspace) {
    const full = (0,external_node_path_.resolve)(workspace, path);
    const rel = (0,external_node_path_.relative)(workspace, full);
    if (rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel))
        throw new errors/* InputError */.d('masking-rules-file', `must be a path inside the workspace; got ${(0,errors/* shown */.S)(path)}`);
    try {
        return (0,external_node_fs_.readFileSync)(full, 'utf8');
    }
    catch {
        throw new errors/* InputError */.d('masking-rules-file', `names a file that cannot be read: ${(0,errors/* shown */.S)(path)}`);
    }
}

;// CONCATENATED MODULE: ./src/inputs/commands.ts
/** One validated settings object per command, parsed once from the action's inputs. */




const MAX_EXPIRY_MS = 30 * duration/* DAY_MS */.sO;
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'omit'];
function connection(read) {
    const f = (0,fields/* parseFields */.L5)({ database: (0,fields/* textOr */.ph)('neondb'), role: (0,fields/* textOr */.ph)('neondb_owner'), 'ssl-mode': (0,fields/* text */.Qq)(), prisma: (0,fields/* bool */.lc)(false) }, read);
    const ssl = f['ssl-mode'];
    if (ssl !== undefined && !SSL_MODES.includes(ssl))
        throw new errors/* InputError */.d('ssl-mode', `accepts nothing (keep Neon's parameters) or ${SSL_MODES.join(', ')}; got "${ssl}"`);
    return { database: f.database, role: f.role, sslMode: ssl, prisma: f.prisma };
}
function compute(read) {
    const f = (0,fields/* parseFields */.L5)({
        'cu-min': (0,fields/* decimal */._)({ min: 0.25, max: 56 }),
        'cu-max': (0,fields/* decimal */._)({ min: 0.25, max: 56 }),
        'suspend-timeout': (0,fields/* integer */.nd)({ min: 60, max: 604_800, extra: [0, -1] }),
    }, read);
    if (f['cu-min'] !== undefined && f['cu-max'] !== undefined && f['cu-min'] > f['cu-max'])
        throw new errors/* InputError */.d('cu-min', `must not exceed cu-max (${f['cu-max']})`);
    return { cuMin: f['cu-min'], cuMax: f['cu-max'], suspendTimeout: f['suspend-timeout'] };
}
function expiry(read, now, withAbsolute = true) {
    const f = (0,fields/* parseFields */.L5)({ 'expires-in': (0,fields/* duration */.p0)({ maxMs: MAX_EXPIRY_MS }), 'expires-at': withAbsolute ? (0,fields/* timestamp */.vE)() : (0,fields/* text */.Qq)() }, read);
    (0,fields/* exclusive */.jC)(f, 'expires-in', 'expires-at');
    if (f['expires-in'] !== undefined)
        return { expiresAt: new Date(now + f['expires-in']).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    const at = f['expires-at'];
    if (at !== undefined) {
        const t = Date.parse(at);
        if (t <= now)
            throw new errors/* InputError */.d('expires-at', `must be in the future; got "${at}"`);
        if (t - now > MAX_EXPIRY_MS)
            throw new errors/* InputError */.d('expires-at', `must be at most 30 days ahead; got "${at}"`);
    }
    return { expiresAt: at };
}
function parseBranchSettings(read, now) {
    const f = (0,fields/* parseFields */.L5)({
        'parent-branch': (0,fields/* text */.Qq)(),
        'parent-lsn': (0,fields/* lsn */.YU)(),
        'parent-timestamp': (0,fields/* timestamp */.vE)(),
        'schema-only': (0,fields/* bool */.lc)(false),
        'get-auth-url': (0,fields/* bool */.lc)(false),
        'get-data-api-url': (0,fields/* bool */.lc)(false),
    }, read);
    (0,fields/* exclusive */.jC)(f, 'parent-lsn', 'parent-timestamp');
    return {
        parentBranch: f['parent-branch'],
        parentLsn: f['parent-lsn'],
        parentTimestamp: f['parent-timestamp'],
        schemaOnly: f['schema-only'],
        getAuthUrl: f['get-auth-url'],
        getDataApiUrl: f['get-data-api-url'],
        ...connection(read),
        ...compute(read),
        ...expiry(read, now),
    };
}
function parseCompareSettings(read) {
    const f = (0,fields/* parseFields */.L5)({
        'base-branch': (0,fields/* text */.Qq)(),
        'base-point': (0,fields/* oneOf */.yL)(['fork', 'head'], 'fork'),
        lsn: (0,fields/* lsn */.YU)(),
        timestamp: (0,fields/* timestamp */.vE)(),
        'base-lsn': (0,fields/* lsn */.YU)(),
        'base-timestamp': (0,fields/* timestamp */.vE)(),
        databases: (0,fields/* list */.p_)(),
        'fail-on': (0,fields/* oneOf */.yL)(['none', 'destructive', 'any'], 'none'),
    }, read);
    (0,fields/* exclusive */.jC)(f, 'lsn', 'timestamp');
    (0,fields/* exclusive */.jC)(f, 'base-lsn', 'base-timestamp');
    return {
        baseBranch: f['base-branch'],
        basePoint: f['base-point'],
        lsn: f.lsn,
        timestamp: f.timestamp,
        baseLsn: f['base-lsn'],
        baseTimestamp: f['base-timestamp'],
        databases: f.databases,
        failOn: f['fail-on'],
    };
}
function parseAnonymizeSettings(read, now, workspace) {
    const f = (0,fields/* parseFields */.L5)({ 'parent-branch': (0,fields/* text */.Qq)(), 'masking-rules': (0,fields/* text */.Qq)(), 'masking-rules-file': (0,fields/* text */.Qq)(), recreate: (0,fields/* bool */.lc)(false) }, read);
    (0,fields/* exclusive */.jC)(f, 'masking-rules', 'masking-rules-file');
    const conn = connection(read);
    let rules;
    if (f['masking-rules'] !== undefined)
        rules = parseMaskingRules(f['masking-rules'], 'masking-rules', conn.database);
    else if (f['masking-rules-file'] !== undefined)
        rules = parseMaskingRules(readRulesFile(f['masking-rules-file'], workspace), 'masking-rules-file', conn.database);
    else
        throw new errors/* InputError */.d('masking-rules', 'is required for anonymize (or give masking-rules-file)');
    return { parentBranch: f['parent-branch'], maskingRules: rules, recreate: f.recreate, ...conn, ...compute(read), ...expiry(read, now) };
}
const SNAPSHOT_ACTIONS = ['create', 'restore', 'list', 'delete', 'prune'];
function parseSnapshotSettings(read, now) {
    const f = (0,fields/* parseFields */.L5)({
        'snapshot-action': (0,fields/* oneOf */.yL)(SNAPSHOT_ACTIONS, 'create'),
        name: (0,fields/* text */.Qq)(),
        lsn: (0,fields/* lsn */.YU)(),
        timestamp: (0,fields/* timestamp */.vE)(),
        'snapshot-id': (0,fields/* text */.Qq)(),
        'target-branch': (0,fields/* text */.Qq)(),
        finalize: (0,fields/* bool */.lc)(false),
        'max-age': (0,fields/* duration */.p0)(),
        'snapshot-pattern': (0,fields/* text */.Qq)(),
        'include-scheduled': (0,fields/* bool */.lc)(false),
        'dry-run': (0,fields/* bool */.lc)(false),
    }, read);
    (0,fields/* exclusive */.jC)(f, 'lsn', 'timestamp');
    const action = f['snapshot-action'];
    if (action === 'prune' && f['max-age'] === undefined && f['snapshot-pattern'] === undefined)
        throw new errors/* InputError */.d('max-age', 'or snapshot-pattern is required for snapshot-action: prune');
    if ((action === 'restore' || action === 'delete') && f['snapshot-id'] === undefined && f.name === undefined)
        throw new errors/* InputError */.d('snapshot-id', `or name is required for snapshot-action: ${action}`);
    if (f.finalize && action !== 'restore')
        throw new errors/* InputError */.d('finalize', 'applies only to snapshot-action: restore');
    return {
        action,
        name: f.name,
        ...expiry(read, now, false),
        lsn: f.lsn,
        timestamp: f.timestamp,
        snapshotId: f['snapshot-id'],
        targetBranch: f['target-branch'],
        finalize: f.finalize,
        maxAgeMs: f['max-age'],
        snapshotPattern: f['snapshot-pattern'],
        includeScheduled: f['include-scheduled'],
        dryRun: f['dry-run'],
        ...connection(read),
    };
}
function parseCleanupSettings(read) {
    const f = (0,fields/* parseFields */.L5)({
        'cleanup-mode': (0,fields/* oneOf */.yL)(['auto', 'pr', 'sweep'], 'auto'),
        'branch-pattern': (0,fields/* textOr */.ph)('preview/pr-*'),
        'require-annotations': (0,fields/* bool */.lc)(true),
        'max-age': (0,fields/* duration */.p0)(),
        'dry-run': (0,fields/* bool */.lc)(false),
    }, read);
    return {
        mode: f['cleanup-mode'],
        branchPattern: f['branch-pattern'],
        requireAnnotations: f['require-annotations'],
        maxAgeMs: f['max-age'],
        dryRun: f['dry-run'],
    };
}
async function parseApiSettings(read) {
    const { parse } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    const f = (0,fields/* parseFields */.L5)({ operation: (0,fields/* text */.Qq)(), params: (0,fields/* text */.Qq)(), wait: (0,fields/* bool */.lc)(false) }, read);
    if (f.operation === undefined)
        throw new errors/* InputError */.d('operation', 'is required for command: api (an operationId such as listProjectBranches)');
    let params = {};
    if (f.params !== undefined) {
        try {
            params = parse(f.params) ?? {};
        }
        catch (e) {
            throw new errors/* InputError */.d('params', `accepts YAML or JSON {path, query, body}; it does not parse: ${e.message.split('\n')[0]}`);
        }
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params))
        throw new errors/* InputError */.d('params', 'accepts a mapping {path, query, body}');
    for (const key of Object.keys(params))
        if (!['path', 'query', 'body'].includes(key))
            throw new errors/* InputError */.d('params', `accepts only the keys path, query and body; got "${key}"`);
    const p = params;
    for (const key of ['path', 'query'])
        if (p[key] !== undefined && (typeof p[key] !== 'object' || p[key] === null || Array.isArray(p[key])))
            throw new errors/* InputError */.d('params', `${key} must be a mapping of parameter names to values`);
    return { operation: f.operation, params: p, wait: f.wait };
}


/***/ }),

/***/ 8355:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O$: () => (/* reexport */ AnonymizedStatusSchema),
  w$: () => (/* reexport */ BranchOperationsSchema),
  Vk: () => (/* reexport */ BranchResponseSchema),
  U4: () => (/* reexport */ BranchSchemaResponseSchema),
  Tu: () => (/* reexport */ CompareSchemaResponseSchema),
  VG: () => (/* reexport */ ConnectionUriResponseSchema),
  AJ: () => (/* reexport */ CreatedBranchSchema),
  Fy: () => (/* reexport */ DatabasesResponseSchema),
  ZG: () => (/* reexport */ EndpointsResponseSchema),
  tB: () => (/* reexport */ errors/* NeonApiError */.tB),
  Cg: () => (/* reexport */ NeonOperationError),
  gj: () => (/* reexport */ errors/* NeonRequestError */.gj),
  xb: () => (/* reexport */ operations/* OPERATIONS */.x),
  BV: () => (/* reexport */ OperationsResponseSchema),
  Wm: () => (/* reexport */ RestoredSnapshotSchema),
  QL: () => (/* reexport */ SnapshotOperationsSchema),
  Ot: () => (/* reexport */ SnapshotsResponseSchema),
  n9: () => (/* reexport */ findBranchByExactName),
  O: () => (/* reexport */ findBranchByNameOrId),
  _V: () => (/* reexport */ neon_client/* formatMs */._),
  j0: () => (/* reexport */ request_builder/* isOperationId */.j),
  gf: () => (/* reexport */ listAllBranches),
  qg: () => (/* reexport */ schemas_parse),
  ft: () => (/* reexport */ waitForOperations)
});

// UNUSED EXPORTS: AnnotationSchema, BranchSchema, BranchesPageSchema, ConnectionUriSchema, DatabaseSchema, EndpointSchema, FAILURE_STATUSES, MaskingRuleSchema, MaskingRulesResponseSchema, NeonCancelledError, NeonClient, NeonResponseShapeError, OperationResponseSchema, OperationSchema, OperationsPageSchema, ProjectSchema, ProjectsPageSchema, RevealPasswordSchema, RoleResponseSchema, RoleSchema, SUCCESS_STATUSES, SnapshotSchema, describeFailure, listAllOperations, listAllProjects, operationState, pickBranchByName, pickBranchByNameOrId

// EXTERNAL MODULE: ./src/neon/client.ts + 3 modules
var neon_client = __webpack_require__(3345);
// EXTERNAL MODULE: ./src/neon/errors.ts
var errors = __webpack_require__(8105);
// EXTERNAL MODULE: ./src/neon/generated/operations.ts
var operations = __webpack_require__(4070);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
;// CONCATENATED MODULE: ./src/neon/schemas.ts
/**
 * Runtime checks of Neon responses, limited to the fields our commands read. Objects are loose (unknown
 * fields pass through) and enums are plain strings, so a newer Neon revision does not break the action.
 */


const optionalString = schemas/* string */.YjP().optional();
const OperationSchema = schemas/* looseObject */._H3({
    id: schemas/* string */.YjP(),
    action: schemas/* string */.YjP(),
    status: schemas/* string */.YjP(),
    project_id: optionalString,
    branch_id: optionalString,
    endpoint_id: optionalString,
    error: optionalString,
});
const BranchSchema = schemas/* looseObject */._H3({
    id: schemas/* string */.YjP(),
    name: schemas/* string */.YjP(),
    project_id: optionalString,
    parent_id: optionalString,
    parent_lsn: optionalString,
    parent_timestamp: optionalString,
    default: schemas/* boolean */.zMY(),
    protected: schemas/* boolean */.zMY(),
    current_state: optionalString,
    pending_state: optionalString,
    created_at: schemas/* string */.YjP(),
    updated_at: optionalString,
    expires_at: optionalString,
    init_source: optionalString,
    restore_status: optionalString,
    restored_from: optionalString,
    restored_as: optionalString,
});
const AnnotationSchema = schemas/* looseObject */._H3({
    value: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()),
});
const EndpointSchema = schemas/* looseObject */._H3({
    id: schemas/* string */.YjP(),
    host: schemas/* string */.YjP(),
    branch_id: schemas/* string */.YjP(),
    type: schemas/* string */.YjP(),
    current_state: optionalString,
    pending_state: optionalString,
    autoscaling_limit_min_cu: schemas/* number */.aig().optional(),
    autoscaling_limit_max_cu: schemas/* number */.aig().optional(),
    suspend_timeout_seconds: schemas/* number */.aig().optional(),
});
const ConnectionUriSchema = schemas/* looseObject */._H3({
    connection_uri: schemas/* string */.YjP(),
    connection_parameters: schemas/* looseObject */._H3({
        database: schemas/* string */.YjP(),
        password: schemas/* string */.YjP(),
        role: schemas/* string */.YjP(),
        host: schemas/* string */.YjP(),
        pooler_host: optionalString,
    }),
});
const RoleSchema = schemas/* looseObject */._H3({ name: schemas/* string */.YjP(), branch_id: optionalString, password: optionalString });
const DatabaseSchema = schemas/* looseObject */._H3({ name: schemas/* string */.YjP(), owner_name: schemas/* string */.YjP(), branch_id: optionalString });
const SnapshotSchema = schemas/* looseObject */._H3({
    id: schemas/* string */.YjP(),
    name: schemas/* string */.YjP(),
    created_at: schemas/* string */.YjP(),
    source_branch_id: optionalString,
    lsn: optionalString,
    timestamp: optionalString,
    expires_at: optionalString,
    manual: schemas/* boolean */.zMY().optional(),
});
const AnonymizedStatusSchema = schemas/* looseObject */._H3({
    state: schemas/* string */.YjP(),
    status_message: optionalString,
    branch_id: optionalString,
    project_id: optionalString,
    failed_at: optionalString,
});
const MaskingRuleSchema = schemas/* looseObject */._H3({
    database_name: schemas/* string */.YjP(),
    schema_name: schemas/* string */.YjP(),
    table_name: schemas/* string */.YjP(),
    column_name: schemas/* string */.YjP(),
    masking_function: optionalString,
    masking_value: optionalString,
});
const ProjectSchema = schemas/* looseObject */._H3({ id: schemas/* string */.YjP(), name: schemas/* string */.YjP(), org_id: optionalString });
const schemas_operations = schemas/* array */.YOg(OperationSchema);
// ---------------------------------------------------------------- response envelopes
/** `GET /branches`: `pagination.next` is the cursor of the next page. */
const BranchesPageSchema = schemas/* looseObject */._H3({
    branches: schemas/* array */.YOg(BranchSchema),
    annotations: schemas/* record */.g1P(schemas/* string */.YjP(), AnnotationSchema).optional(),
    pagination: schemas/* looseObject */._H3({ next: optionalString }).optional(),
});
/** `GET /operations` and `GET /projects`: `pagination.cursor`. */
const cursorPagination = schemas/* looseObject */._H3({ cursor: optionalString }).optional();
const schemas_OperationsPageSchema = schemas/* looseObject */._H3({ operations: schemas_operations, pagination: cursorPagination });
const schemas_ProjectsPageSchema = schemas/* looseObject */._H3({ projects: schemas/* array */.YOg(ProjectSchema), pagination: cursorPagination });
const OperationResponseSchema = schemas/* looseObject */._H3({ operation: OperationSchema });
const OperationsResponseSchema = schemas/* looseObject */._H3({ operations: schemas_operations });
const BranchResponseSchema = schemas/* looseObject */._H3({ branch: BranchSchema, annotation: AnnotationSchema.optional() });
const BranchOperationsSchema = schemas/* looseObject */._H3({ branch: BranchSchema, operations: schemas_operations });
const CreatedBranchSchema = schemas/* looseObject */._H3({
    branch: BranchSchema,
    endpoints: schemas/* array */.YOg(EndpointSchema),
    operations: schemas_operations,
    connection_uris: schemas/* array */.YOg(ConnectionUriSchema).optional(),
});
const EndpointsResponseSchema = schemas/* looseObject */._H3({ endpoints: schemas/* array */.YOg(EndpointSchema) });
const RoleResponseSchema = schemas/* looseObject */._H3({ role: RoleSchema });
const RevealPasswordSchema = schemas/* looseObject */._H3({ password: schemas/* string */.YjP() });
const DatabasesResponseSchema = schemas/* looseObject */._H3({ databases: schemas/* array */.YOg(DatabaseSchema) });
const ConnectionUriResponseSchema = schemas/* looseObject */._H3({ uri: schemas/* string */.YjP() });
const CompareSchemaResponseSchema = schemas/* looseObject */._H3({ diff: optionalString });
const BranchSchemaResponseSchema = schemas/* looseObject */._H3({ sql: optionalString });
const MaskingRulesResponseSchema = schemas/* looseObject */._H3({ masking_rules: schemas/* array */.YOg(MaskingRuleSchema) });
const SnapshotsResponseSchema = schemas/* looseObject */._H3({ snapshots: schemas/* array */.YOg(SnapshotSchema) });
const SnapshotOperationsSchema = schemas/* looseObject */._H3({ snapshot: SnapshotSchema, operations: schemas_operations });
const RestoredSnapshotSchema = schemas/* looseObject */._H3({
    branch: BranchSchema,
    endpoints: schemas/* array */.YOg(EndpointSchema).optional(),
    operations: schemas_operations,
});
// ---------------------------------------------------------------- parse
/**
 * Validates `data` and returns it typed, or throws naming the first bad field:
 * `Neon API response for listProjectBranches: branches[3].id is missing`.
 * The message names the field and its type only, never its value (values may be secrets).
 */
function schemas_parse(schema, data, what) {
    const result = schema.safeParse(data);
    if (result.success)
        return result.data;
    const issue = result.error.issues[0];
    const where = formatPath(issue.path);
    const value = valueAt(data, issue.path);
    let problem;
    if (value === undefined)
        problem = 'is missing';
    else if (issue.code === 'invalid_type')
        problem = `is ${describeType(value)}, expected ${issue.expected}`;
    else
        problem = `is invalid (${issue.message})`;
    throw new errors/* NeonResponseShapeError */.$o(`Neon API response for ${what}: ${where || 'the body'} ${problem}`);
}
function formatPath(path) {
    let text = '';
    for (const key of path) {
        if (typeof key === 'number')
            text += `[${key}]`;
        else
            text += text ? `.${String(key)}` : String(key);
    }
    return text;
}
function valueAt(data, path) {
    let current = data;
    for (const key of path) {
        if (current === null || typeof current !== 'object')
            return undefined;
        current = current[key];
    }
    return current;
}
function describeType(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

;// CONCATENATED MODULE: ./src/neon/operations.ts


/** Operation statuses that end an operation well or badly; anything else (even unknown) is pending. */
const SUCCESS_STATUSES = new Set(['finished', 'skipped']);
const FAILURE_STATUSES = new Set(['failed', 'error', 'cancelled']);
/** An operation ended badly, or the budget ran out with operations still pending. */
class NeonOperationError extends Error {
    reason;
    operations;
    name = 'NeonOperationError';
    constructor(message, reason, operations) {
        super(message);
        this.reason = reason;
        this.operations = operations;
    }
}
function operationState(status) {
    if (SUCCESS_STATUSES.has(status))
        return 'succeeded';
    if (FAILURE_STATUSES.has(status))
        return 'failed';
    return 'pending';
}
function describeFailure(op) {
    return `Operation ${op.id} (${op.action}) ended with status "${op.status}": ${op.error || 'no error message'}`;
}
function describePending(ops) {
    return [...ops].map((op) => `${op.id} (${op.action}, ${op.status})`).join(', ');
}
/**
 * Waits until every operation is `finished` or `skipped`. Fails fast on `failed`, `error` or
 * `cancelled`; operations already terminal are not polled; polls adaptively (200 ms, ×1.5, capped at
 * 1 s). At the end of the budget, fails naming what is still pending. Returns how many polls it made.
 */
async function waitForOperations(client, projectId, operations, options = {}) {
    const pending = new Map();
    for (const op of operations) {
        const state = operationState(op.status);
        if (state === 'failed')
            throw new NeonOperationError(describeFailure(op), 'failed', [op]);
        if (state === 'pending')
            pending.set(op.id, op);
    }
    if (pending.size === 0)
        return 0;
    const started = client.now();
    const deadline = options.budgetMs === undefined ? client.deadline : Math.min(client.deadline, started + options.budgetMs);
    const maxInterval = options.maxIntervalMs ?? 1000;
    let interval = Math.min(options.firstIntervalMs ?? 200, maxInterval);
    let polls = 0;
    client.logger.info(`Waiting for Neon operations: ${describePending(pending.values())}`);
    while (pending.size > 0) {
        const remaining = deadline - client.now();
        if (remaining <= 0) {
            throw new NeonOperationError(`Timed out after ${(0,neon_client/* formatMs */._)(client.now() - started)} waiting for Neon operations still pending: ` +
                `${describePending(pending.values())}. Raise the \`timeout\` input or check the project in the Neon console.`, 'timeout', [...pending.values()]);
        }
        await client.sleep(Math.min(interval, remaining));
        interval = Math.min(interval * 1.5, maxInterval);
        for (const op of [...pending.values()]) {
            const { data } = await client.call('getProjectOperation', {
                path: { project_id: projectId, operation_id: op.id },
            });
            polls++;
            const current = schemas_parse(OperationResponseSchema, data, 'getProjectOperation').operation;
            const state = operationState(current.status);
            if (state === 'failed')
                throw new NeonOperationError(describeFailure(current), 'failed', [current]);
            if (state === 'succeeded')
                pending.delete(op.id);
            else
                pending.set(op.id, current);
        }
    }
    client.logger.info(`Neon operations done in ${(0,neon_client/* formatMs */._)(client.now() - started)} (${polls} poll${polls === 1 ? '' : 's'})`);
    return polls;
}

;// CONCATENATED MODULE: ./src/neon/pagination.ts

/** Page sizes: the largest each list accepts (branches 1..10000, operations 1..1000, projects 1..400). */
const DEFAULT_BRANCH_PAGE_SIZE = 1000;
const DEFAULT_OPERATION_PAGE_SIZE = 1000;
const DEFAULT_PROJECT_PAGE_SIZE = 400;
/**
 * Every branch of a project (or every branch whose name or id contains `search`: Neon's search is a
 * substring match). Always sends `limit`; follows `pagination.next` until it is empty, a page is empty,
 * or a cursor repeats.
 */
async function listAllBranches(client, projectId, options = {}) {
    const result = { branches: [], annotations: {} };
    const seenCursors = new Set();
    let cursor;
    for (;;) {
        const { data } = await client.call('listProjectBranches', {
            path: { project_id: projectId },
            query: { limit: options.limit ?? DEFAULT_BRANCH_PAGE_SIZE, search: options.search, cursor },
        });
        const page = schemas_parse(BranchesPageSchema, data, 'listProjectBranches');
        result.branches.push(...page.branches);
        Object.assign(result.annotations, page.annotations ?? {});
        const next = page.pagination?.next;
        if (!next || page.branches.length === 0 || seenCursors.has(next))
            return result;
        seenCursors.add(next);
        cursor = next;
    }
}
/** Every operation of a project, following `pagination.cursor` until a page is empty or a cursor repeats. */
async function listAllOperations(client, projectId, options = {}) {
    return followCursor(async (cursor) => {
        const { data } = await client.call('listProjectOperations', {
            path: { project_id: projectId },
            query: { limit: options.limit ?? DEFAULT_OPERATION_PAGE_SIZE, cursor },
        });
        const page = parse(OperationsPageSchema, data, 'listProjectOperations');
        return { items: page.operations, cursor: page.pagination?.cursor };
    });
}
/** Every project the key can see, following `pagination.cursor` until a page is empty or a cursor repeats. */
async function listAllProjects(client, options = {}) {
    return followCursor(async (cursor) => {
        const { data } = await client.call('listProjects', {
            query: {
                limit: options.limit ?? DEFAULT_PROJECT_PAGE_SIZE,
                search: options.search,
                org_id: options.orgId,
                cursor,
            },
        });
        const page = parse(ProjectsPageSchema, data, 'listProjects');
        return { items: page.projects, cursor: page.pagination?.cursor };
    });
}
async function followCursor(fetchPage) {
    const all = [];
    const seen = new Set();
    let cursor;
    for (;;) {
        const page = await fetchPage(cursor);
        all.push(...page.items);
        if (page.items.length === 0 || !page.cursor || seen.has(page.cursor))
            return all;
        seen.add(page.cursor);
        cursor = page.cursor;
    }
}
/** The branch named exactly `name` among `branches` (pure; names are unique in a project). */
function pickBranchByName(branches, name) {
    return branches.find((b) => b.name === name);
}
/** The branch whose id is exactly `nameOrId`, else the one named exactly so (pure). */
function pickBranchByNameOrId(branches, nameOrId) {
    return branches.find((b) => b.id === nameOrId) ?? pickBranchByName(branches, nameOrId);
}
/** Looks a branch up by its exact name (Neon's search matches substrings, so `pr-1` also finds `pr-10`). */
async function findBranchByExactName(client, projectId, name) {
    const { branches } = await listAllBranches(client, projectId, { search: name });
    return pickBranchByName(branches, name);
}
/** Looks a branch up by exact id or exact name (inputs such as `parent-branch` accept either). */
async function findBranchByNameOrId(client, projectId, nameOrId) {
    const { branches } = await listAllBranches(client, projectId, { search: nameOrId });
    return pickBranchByNameOrId(branches, nameOrId);
}

// EXTERNAL MODULE: ./src/neon/request-builder.ts
var request_builder = __webpack_require__(2523);
;// CONCATENATED MODULE: ./src/neon/index.ts









/***/ })

};
