/** The Neon OpenAPI description's npm package and file (see openapi-spec.mjs). */
export const SPEC_PACKAGE: string;
export const SPEC_FILE: string;
export const SPEC_SOURCE: string;
/** The description's path on disk: NEON_OPENAPI_SPEC, else the file inside node_modules. */
export function specPath(): string;
/** The description as a plain object. */
export function loadSpec(file?: string): Record<string, any>;
