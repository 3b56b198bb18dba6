/** Links into the Neon console. */

/** The console page of a branch, for comments and summaries. */
export function consoleUrl(projectId: string, branchId: string): string {
  return `https://console.neon.tech/app/projects/${encodeURIComponent(projectId)}/branches/${encodeURIComponent(branchId)}`;
}
