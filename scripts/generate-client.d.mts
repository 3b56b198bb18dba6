/** The generator's lists of what the code reads (see generate-client.mjs). */
export const READ_COMPONENTS: Record<string, { name?: string; fields: string[] }>;
export const READ_RESPONSES: Record<string, { name: string; fields?: string[] }>;
export const OVERRIDES: Record<string, { optional: boolean }>;
export function generateFiles(spec: Record<string, any>): Record<string, string>;
