export const id = 525;
export const ids = [525];
export const modules = {

/***/ 5525:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/** Not built yet: fails saying so rather than pretending to succeed. */
async function run() {
    return { failure: 'The compare-schema command is not available in this version of neon-preview-action yet.' };
}


/***/ })

};
