/**
 * The words of the preview comment's sections (and of the same steps' job summaries), as pure
 * functions: the preview branch, its anonymized copy, snapshots and restores, and the teardown
 * report. User data (branch and snapshot names, ids) goes through `code`/`escapeCell`.
 */
import { formatBytes, formatDuration } from '../basics/format.js';
import { code, escapeCell } from '../github/markdown.js';
import { consoleUrl } from '../neon/console.js';
import type { SectionKind } from './document.js';
import { count } from './words.js';

export type BranchSectionKind = Extract<SectionKind, 'preview' | 'anonymized' | 'restore'>;

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
  /** snapshot restore: the snapshot's name. */
  snapshotName?: string;
}

const HEADINGS: Record<BranchSectionKind, string> = {
  preview: '### Neon preview branch',
  anonymized: '### Anonymized preview branch',
  restore: '### Branch restored from a snapshot',
};

/** Which section a command's branch report fills. */
export function sectionKindOf(command: BranchReport['command']): BranchSectionKind {
  return command === 'anonymize' ? 'anonymized' : command === 'snapshot' ? 'restore' : 'preview';
}

/** One sentence: what this step did to the branch. */
export function whatHappened(r: BranchReport): string {
  const name = code(r.branchName);
  switch (r.command) {
    case 'anonymize':
      return r.created
        ? `The branch ${name} was created and its data masked.`
        : `The branch ${name} was masked again with the current rules.`;
    case 'snapshot': {
      const from = r.snapshotName ? ` ${code(r.snapshotName)}` : '';
      return r.created
        ? `The branch ${name} was restored from the snapshot${from}.`
        : `The branch ${name} now holds the snapshot${from}.`;
    }
    case 'reset-branch':
      return r.created
        ? `The branch ${name} was created: it did not exist yet.`
        : `The branch ${name} was reset to its parent's head.`;
    case 'create-branch':
      return r.created ? `The branch ${name} was created.` : `The branch ${name} already existed and is reused.`;
  }
}

export function renderBranchReport(r: BranchReport): string {
  const lines = [
    HEADINGS[sectionKindOf(r.command)],
    '',
    `${whatHappened(r)} [Open it in the Neon console](${consoleUrl(r.projectId, r.branchId)}).`,
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

export type GoneReason = 'deleted-on-close' | 'missing';

/** What a "gone" section deleted on close says while the comment holds the teardown report. */
export const SEE_TEARDOWN = ' (see the teardown report below)';

/**
 * A branch section once its branch is gone: says so, and shows no host as live. It points at the
 * teardown report only while the comment holds one (`teardownShown`): a reopened PR's new preview
 * drops the report.
 */
export function renderGoneBranch(
  kind: BranchSectionKind,
  name: string,
  id: string | undefined,
  reason: GoneReason,
  teardownShown = true,
): string {
  const which = `${code(name)}${id ? ` (${code(id)})` : ''}`;
  const why =
    reason === 'deleted-on-close'
      ? `it was deleted when this pull request closed${teardownShown ? SEE_TEARDOWN : ''}`
      : 'Neon no longer has it (it expired or was deleted)';
  return [HEADINGS[kind], '', `The branch ${which} is gone: ${why}. Its hosts no longer answer.`].join('\n');
}

export interface SnapshotReport {
  snapshotId: string;
  snapshotName: string;
  sourceBranch: string;
  reused: boolean;
  /** The point it was taken at, when not the head: `LSN 0/1A2B3C` or a timestamp. */
  at?: string;
  /** When Neon deletes it (ISO 8601), when it expires. */
  expiresAt?: string;
}

export function renderSnapshot(r: SnapshotReport): string {
  const what = r.reused
    ? `The snapshot ${code(r.snapshotName)} (${code(r.snapshotId)}) of ${code(r.sourceBranch)} already existed and is reused.`
    : `The snapshot ${code(r.snapshotName)} (${code(r.snapshotId)}) of ${code(r.sourceBranch)} was taken${r.at ? ` at ${code(r.at)}` : ''}.`;
  const expiry = r.expiresAt ? `It expires at ${code(r.expiresAt)}.` : 'It does not expire.';
  return ['### Snapshot', '', what, expiry, 'Restore it with `snapshot-action: restore` and its name or id.'].join(
    '\n',
  );
}

export function renderSnapshotDeleted(name: string, id: string): string {
  return ['### Snapshot', '', `The snapshot ${code(name)} (${code(id)}) was deleted.`].join('\n');
}

/** A snapshot section once its snapshot is gone: deleted with the pull request, or by Neon or someone else. */
export function renderSnapshotGone(name: string, id: string, reason: GoneReason): string {
  const why =
    reason === 'deleted-on-close'
      ? 'it was deleted when this pull request closed'
      : 'Neon no longer has it (it expired or was deleted)';
  return [
    '### Snapshot',
    '',
    `The snapshot ${code(name)} (${code(id)}) is gone: ${why}. It can no longer be restored.`,
  ].join('\n');
}

/** A snapshot section when cleanup kept its snapshot: why, and that it still costs storage. */
export function renderSnapshotKept(name: string, id: string, reason: string): string {
  return [
    '### Snapshot',
    '',
    `The snapshot ${code(name)} (${code(id)}) was kept when this pull request closed: ${escapeCell(reason)}.`,
    "It still counts toward the project's storage: restore it with `snapshot-action: restore`, or delete it with `snapshot-action: delete`, and its name or id.",
  ].join('\n');
}

export interface TornDown {
  name: string;
  id: string;
  computeTimeSeconds?: number;
  writtenDataBytes?: number;
}

export interface TeardownReport {
  /** The preview branch the PR had. */
  branchName: string;
  deleted: readonly TornDown[];
  kept: readonly { name: string; id: string; reason: string }[];
  /** The PR's snapshots: deleted with it, or kept (and why). */
  snapshots?: {
    deleted: readonly { name: string; id: string }[];
    kept: readonly { name: string; id: string; reason: string }[];
  };
}

/** cleanup's report when the PR closed: what went, what it used, what was kept and why. */
export function renderTeardown(r: TeardownReport): string {
  const lines = ['### Teardown', ''];
  if (r.deleted.length === 0)
    lines.push(`Nothing was left to delete: the branch ${code(r.branchName)} was already gone.`);
  else {
    lines.push(
      `This pull request closed, and ${count(r.deleted.length, 'branch', 'branches')} of it ${r.deleted.length === 1 ? 'was' : 'were'} deleted.`,
    );
    lines.push(...deletedTable(r.deleted));
  }
  if (r.kept.length > 0) {
    lines.push('', `${count(r.kept.length, 'branch', 'branches')} ${r.kept.length === 1 ? 'was' : 'were'} kept:`, '');
    for (const k of r.kept) lines.push(`- ${code(k.name)} (${code(k.id)}): ${escapeCell(k.reason)}`);
  }
  lines.push(...snapshotLines(r.snapshots));
  return lines.join('\n');
}

function snapshotLines(s: TeardownReport['snapshots'], later = false): string[] {
  const lines: string[] = [];
  if (s && s.deleted.length > 0) {
    const n = count(s.deleted.length, later ? 'more snapshot' : 'snapshot', later ? 'more snapshots' : 'snapshots');
    lines.push('', `${later ? 'A later run deleted' : 'Deleted with it:'} ${n}${later ? ':' : '.'}`, '');
    for (const d of s.deleted) lines.push(`- ${code(d.name)} (${code(d.id)})`);
  }
  if (s && s.kept.length > 0 && !later) {
    lines.push(
      '',
      `${count(s.kept.length, 'snapshot', 'snapshots')} ${s.kept.length === 1 ? 'was' : 'were'} kept (they still count toward the project's storage):`,
      '',
    );
    for (const k of s.kept) lines.push(`- ${code(k.name)} (${code(k.id)}): ${escapeCell(k.reason)}`);
  }
  return lines;
}

/** A later cleanup that deleted more keeps the first report and adds what it deleted. */
export function appendToTeardown(
  first: string,
  more: readonly TornDown[],
  moreSnapshots: readonly { name: string; id: string }[] = [],
): string {
  const branches =
    more.length > 0
      ? ['', `A later run deleted ${count(more.length, 'more branch', 'more branches')}:`, ...deletedTable(more)]
      : [];
  return [first, ...branches, ...snapshotLines({ deleted: moreSnapshots, kept: [] }, true)].join('\n');
}

function deletedTable(list: readonly TornDown[]): string[] {
  const usage = list.some((d) => d.computeTimeSeconds !== undefined || d.writtenDataBytes !== undefined);
  const rows = list.map((d) => {
    const cells = [code(d.name), code(d.id)];
    if (usage)
      cells.push(
        d.computeTimeSeconds === undefined ? 'not reported' : formatDuration(d.computeTimeSeconds * 1_000),
        d.writtenDataBytes === undefined ? 'not reported' : formatBytes(d.writtenDataBytes),
      );
    return `| ${cells.join(' | ')} |`;
  });
  const head = usage
    ? ['| Branch | Id | Compute time | Data written |', '|---|---|---|---|']
    : ['| Branch | Id |', '|---|---|'];
  return ['', ...head, ...rows, ...(usage ? ['', '<sub>Usage as last reported by Neon.</sub>'] : [])];
}
