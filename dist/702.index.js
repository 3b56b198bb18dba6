export const id = 702;
export const ids = [702];
export const modules = {

/***/ 6702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOctokit: () => (/* binding */ createOctokit)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6856);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6752);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(311);
/**
 * The one place an Octokit is built: @actions/github's client with the retry and throttling plugins,
 * pointed at `GITHUB_API_URL` (GitHub Enterprise included) and honouring `HTTPS_PROXY`/`NO_PROXY`.
 * Callers pass the result to the comment and pull request helpers; nothing keeps it as a singleton.
 */





function createOctokit(token, options) {
    const { logger } = options;
    const maxRetries = options.maxRateLimitRetries ?? 2;
    const maxWait = options.maxRateLimitWaitSeconds ?? 60;
    const baseMs = options.retryAfterBaseMs ?? 1000;
    const apiUrl = options.apiUrl.replace(/\/+$/, '');
    const describe = (o) => `${o.method ?? 'GET'} ${o.url ?? ''}`;
    const throttle = {
        enabled: options.throttle ?? true,
        retryAfterBaseValue: baseMs,
        onSecondaryRateLimit: (retryAfter, request, _o, count) => {
            if (count >= maxRetries) {
                logger.warning(`GitHub secondary rate limit on ${describe(request)}: giving up after ${count} retries`);
                return false;
            }
            logger.info(`GitHub secondary rate limit on ${describe(request)}: waiting ${retryAfter}s (retry ${count + 1} of ${maxRetries})`);
            return true;
        },
        onRateLimit: (retryAfter, request, _o, count) => {
            if (count >= maxRetries || retryAfter > maxWait) {
                logger.warning(`GitHub rate limit on ${describe(request)}: resets in ${retryAfter}s, not waiting`);
                return false;
            }
            logger.info(`GitHub rate limit on ${describe(request)}: waiting ${retryAfter}s (retry ${count + 1} of ${maxRetries})`);
            return true;
        },
    };
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        baseUrl: apiUrl,
        userAgent: options.userAgent ?? `neon-preview-action/${_version_js__WEBPACK_IMPORTED_MODULE_2__/* .VERSION */ .x}`,
        request: { fetch: proxyAwareFetch(apiUrl, options.requestTimeoutMs ?? 30_000) },
        throttle,
        retry: { retries: options.retries ?? 3, retryAfterBaseValue: baseMs },
        log: {
            debug: (m) => logger.debug(m),
            info: (m) => logger.debug(m),
            warn: (m) => logger.warning(m),
            error: (m) => logger.warning(m),
        },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__/* .throttling */ .A);
}
/**
 * undici's fetch through `EnvHttpProxyAgent` (HTTP(S)_PROXY, NO_PROXY), with a time limit per
 * request; loopback hosts always go direct, as @actions/http-client does.
 */
function proxyAwareFetch(apiUrl, timeoutMs) {
    let dispatcher;
    const direct = isLoopback(apiUrl);
    return ((input, init = {}) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        if (!direct)
            dispatcher ??= new undici__WEBPACK_IMPORTED_MODULE_1__/* .EnvHttpProxyAgent */ .J2();
        return (0,undici__WEBPACK_IMPORTED_MODULE_1__/* .fetch */ .hd)(input, { ...init, signal, ...(dispatcher ? { dispatcher } : {}) });
    });
}
function isLoopback(url) {
    let host;
    try {
        host = new URL(url).hostname.toLowerCase();
    }
    catch {
        return false;
    }
    return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1';
}


/***/ })

};
