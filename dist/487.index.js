export const id = 487;
export const ids = [487];
export const modules = {

/***/ 4487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   getPull: () => (/* binding */ getPull),
/* harmony export */   listOpenPullNumbers: () => (/* binding */ listOpenPullNumbers)
/* harmony export */ });
/** Numbers of every open PR: `GET /repos/{o}/{r}/pulls?state=open&per_page=100`, all pages. */
async function listOpenPullNumbers(octokit, owner, repo) {
    const numbers = new Set();
    const pages = octokit.paginate.iterator(octokit.rest.pulls.list, { owner, repo, state: 'open', per_page: 100 });
    for await (const page of pages)
        for (const pull of page.data)
            numbers.add(pull.number);
    return numbers;
}
/** One PR, or undefined when it does not exist (404). */
async function getPull(octokit, owner, repo, pullNumber) {
    try {
        const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber });
        return {
            number: data.number,
            state: data.state === 'open' ? 'open' : 'closed',
            merged: Boolean(data.merged || data.merged_at),
            headRef: data.head.ref,
            headSha: data.head.sha,
            headRepoFullName: data.head.repo?.full_name ?? undefined,
            baseRef: data.base.ref,
            htmlUrl: data.html_url,
        };
    }
    catch (error) {
        if (error.status === 404)
            return undefined;
        throw error;
    }
}


/***/ })

};
