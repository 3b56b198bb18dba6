export const id = 926;
export const ids = [926];
export const modules = {

/***/ 9926:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkParams: () => (/* binding */ checkParams),
/* harmony export */   maskSecrets: () => (/* binding */ maskSecrets),
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _inputs_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4661);
/* harmony import */ var _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1318);
/* harmony import */ var _neon_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8355);
/* harmony import */ var _runtime_logger_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8118);
/**
 * `api`: any of the 138 operations through the same client (retries, pacing, waiting). Parameters are
 * checked against the official description before any request; secrets in the answer are masked.
 */




async function run(ctx) {
    const settings = await (0,_inputs_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .parseApiSettings */ .XF)(ctx.read);
    checkParams(settings.operation, settings.params);
    const { operation, params } = settings;
    const spec = _neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .OPERATIONS */ .xb[operation];
    const path = { ...(params.path ?? {}) };
    // project_id defaults to the project-id input where the operation takes one
    if (spec.params.some((p) => p.name === 'project_id' && p.in === 'path') && path.project_id === undefined && ctx.common.projectId)
        path.project_id = ctx.common.projectId;
    const response = await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_3__/* .phase */ .O)(`Neon API ${operation}`, async () => {
        let result;
        try {
            result = await ctx.neon.callRaw(operation, { path, query: params.query, body: params.body });
        }
        catch (e) {
            if (e instanceof _neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .NeonRequestError */ .gj)
                throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('params', e.message);
            throw e;
        }
        ctx.log.info(`${spec.method} ${spec.path} answered ${result.status}`);
        return result.data;
    });
    const ops = response?.operations;
    if (settings.wait && Array.isArray(ops) && ops.length > 0 && path.project_id !== undefined) {
        await (0,_runtime_logger_js__WEBPACK_IMPORTED_MODULE_3__/* .phase */ .O)(`Waiting for ${ops.length} operation(s)`, () => (0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .waitForOperations */ .ft)(ctx.neon, String(path.project_id), ops));
    }
    return { outputs: { response: JSON.stringify(maskSecrets(response ?? null, ctx.secrets)) } };
}
/** Unknown operations, unknown path or query parameters, missing required ones, unknown body keys: refused. */
function checkParams(operation, params) {
    if (!(0,_neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .isOperationId */ .j0)(operation))
        throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('operation', `accepts an operationId of the Neon API v2 description, such as listProjectBranches; got "${operation}"`);
    const spec = _neon_index_js__WEBPACK_IMPORTED_MODULE_2__/* .OPERATIONS */ .xb[operation];
    for (const where of ['path', 'query']) {
        const declared = spec.params.filter((p) => p.in === where).map((p) => p.name);
        for (const name of Object.keys(params[where] ?? {}))
            if (!declared.includes(name))
                throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('params', `${where}.${name} is not a ${where} parameter of ${operation}; it takes ${declared.join(', ') || 'none'}`);
    }
    for (const p of spec.params)
        if (p.required && p.in === 'query' && params.query?.[p.name] === undefined)
            throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('params', `query.${p.name} is required by ${operation}`);
    const body = params.body;
    if (body !== undefined) {
        if (spec.body === null)
            throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('params', `${operation} takes no body`);
        if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
            const keys = spec.body.keys;
            for (const key of Object.keys(body))
                if (!keys.includes(key))
                    throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('params', `body.${key} is not accepted by ${operation}; it takes ${keys.join(', ')}`);
        }
    }
    else if (spec.body?.required)
        throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('params', `${operation} needs a body with ${spec.body.keys.join(', ')}`);
}
const SECRET_KEY = /password|secret|token|^key$|api_key|connection_uri|^uri$|^dsn$/i;
const URI_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]+:[^@\s]+@/i;
/** Replaces secret values with *** (and masks them in the log too, should they appear). */
function maskSecrets(value, secrets, key = '') {
    if (typeof value === 'string') {
        if (SECRET_KEY.test(key) || URI_WITH_PASSWORD.test(value)) {
            secrets.add(value);
            return '***';
        }
        return value;
    }
    if (Array.isArray(value))
        return value.map((v) => maskSecrets(v, secrets, key));
    if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, secrets, k)]));
    return value;
}


/***/ })

};
