/** The sticky comment and job summary of create-branch, reset-branch and cleanup: pure renderers. */
import { consoleUrl } from './lookup.js';
import { code, escapeCell } from '../github/markdown.js';

export interface BranchReport {
  command: 'create-branch' | 'reset-branch' | 'anonymize' | 'snapshot';
  projectId: string;
  branchId: string;
  branchName: string;
  parentName: string | undefined;
  created: boolean;
  expiresAt: string | undefined;
  host: string;
  pooledHost: string;
  schemaOnly?: boolean;
}

export function renderBranchReport(r: BranchReport): string {
  const what =
    r.command === 'anonymize'
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
    `The branch ${code(r.branchName)} was ${what}. [Open it in the Neon console](${consoleUrl(r.projectId, r.branchId)}).`,
    '',
    '| | |',
    '|---|---|',
    `| Branch | ${code(r.branchName)} (${code(r.branchId)}) |`,
    `| Parent | ${r.parentName ? code(r.parentName) : 'the default branch'}${r.schemaOnly ? ' (schema only)' : ''} |`,
    `| Expires | ${r.expiresAt ? escapeCell(r.expiresAt) : 'never'} |`,
    `| Host | ${code(r.host)} |`,
    `| Pooled host | ${code(r.pooledHost)} |`,
    '',
    '<sub>Connection URIs are step outputs (masked); this comment never holds a password.</sub>',
  ];
  return lines.join('\n');
}

export interface DeletedReport {
  projectId: string;
  branchName: string;
  branchId: string | undefined;
  alreadyGone: boolean;
  computeTimeSeconds?: number;
  writtenDataBytes?: number;
}

export function renderDeletedReport(r: DeletedReport): string {
  const lines = ['### Neon preview branch', ''];
  if (r.alreadyGone) lines.push(`The branch ${code(r.branchName)} was already gone: nothing to delete.`);
  else lines.push(`The branch ${code(r.branchName)} (${code(r.branchId ?? '')}) was deleted.`);
  if (!r.alreadyGone && (r.computeTimeSeconds !== undefined || r.writtenDataBytes !== undefined)) {
    const parts = [];
    if (r.computeTimeSeconds !== undefined) parts.push(`compute time ${formatSeconds(r.computeTimeSeconds)}`);
    if (r.writtenDataBytes !== undefined) parts.push(`data written ${formatBytes(r.writtenDataBytes)}`);
    lines.push('', `It used, as last reported by Neon: ${parts.join(', ')}.`);
  }
  return lines.join('\n');
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
