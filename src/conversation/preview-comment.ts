/**
 * The preview comment: which section each command writes, and how, as pure section updates.
 * create-branch and reset-branch write the preview branch's section (and drop a teardown report
 * left from an earlier close); anonymize its anonymized copy's; snapshot its snapshot's or its
 * restored branch's; cleanup the teardown report, turning every section whose branch is gone into
 * a "gone" one. Each update is idempotent, so the store can re-apply it after a concurrent write.
 */
import {
  appendToTeardown,
  type BranchReport,
  type BranchSectionKind,
  type GoneReason,
  renderBranchReport,
  renderGoneBranch,
  renderSnapshot,
  renderSnapshotDeleted,
  renderSnapshotGone,
  renderSnapshotKept,
  renderTeardown,
  type SnapshotReport,
  SEE_TEARDOWN,
  sectionKindOf,
  type TeardownReport,
} from './branch-texts.js';
import { RESTORED_SUFFIX } from '../names.js';
import { kindOf, type Section, type SectionUpdate, sectionKey } from './document.js';

export function branchSectionKey(kind: BranchSectionKind, projectId: string, branchName: string): string {
  return sectionKey(kind, projectId, branchName);
}

export function teardownKey(projectId: string, branchName: string): string {
  return sectionKey('teardown', projectId, branchName);
}

/**
 * A live branch section, and for the preview branch the end of an earlier teardown report: the
 * "gone" sections of the branches deleted on that close then stop pointing at it. Which sections
 * those are: the ones `current` (the comment as listed) shows, and the PR's anonymized and
 * restored branches under their default names.
 */
export function branchUpdates(r: BranchReport, current: readonly Section[] = []): SectionUpdate[] {
  const kind = sectionKindOf(r.command);
  const section: Section = {
    key: branchSectionKey(kind, r.projectId, r.branchName),
    attrs: { branch: r.branchId, name: r.branchName, state: 'live' },
    body: renderBranchReport(r),
  };
  const updates: SectionUpdate[] = [{ key: section.key, apply: () => section }];
  if (kind !== 'preview') return updates;
  updates.push({ key: teardownKey(r.projectId, r.branchName), apply: (s) => (s ? null : undefined) });
  const gone = new Set([
    branchSectionKey('anonymized', r.projectId, `${r.branchName}-anon`),
    branchSectionKey('restore', r.projectId, `${r.branchName}${RESTORED_SUFFIX}`),
    ...current.filter((s) => s.key !== section.key && pointsAtTeardown(s)).map((s) => s.key),
  ]);
  for (const key of gone) {
    const sectionKind = kindOf(key);
    if (sectionKind !== 'anonymized' && sectionKind !== 'restore' && sectionKind !== 'preview') continue;
    updates.push({
      key,
      apply: (now) =>
        now && pointsAtTeardown(now)
          ? {
              key,
              attrs: now.attrs,
              body: renderGoneBranch(sectionKind, now.attrs.name ?? '', now.attrs.branch, 'deleted-on-close', false),
            }
          : undefined,
    });
  }
  return updates;
}

/** A "gone" section that sends the reader to the teardown report. */
function pointsAtTeardown(s: Section): boolean {
  return s.attrs.state === 'gone' && s.body.includes(SEE_TEARDOWN);
}

/**
 * A snapshot's section. `taken` says whether this PR's runs took the snapshot (`here`) or found it
 * taken by another run and reused it by name (`elsewhere`): cleanup deletes only the first kind
 * with the PR. Once `here`, a rerun that reuses it keeps it so.
 */
export function snapshotUpdate(projectId: string, r: SnapshotReport): SectionUpdate {
  const key = sectionKey('snapshot', projectId, r.snapshotId);
  return {
    key,
    apply: (now) => ({
      key,
      attrs: {
        snapshot: r.snapshotId,
        name: r.snapshotName,
        state: 'live',
        taken: !r.reused || now?.attrs.taken === 'here' ? 'here' : 'elsewhere',
      },
      body: renderSnapshot(r),
    }),
  };
}

/** Whether the PR's runs took the snapshot a section shows (a section older than `taken` says so in its words). */
export function snapshotTakenHere(s: Section): boolean {
  if (s.attrs.taken !== undefined) return s.attrs.taken === 'here';
  return !s.body.includes('already existed and is reused');
}

/** Only where the comment shows that snapshot. */
export function snapshotDeletedUpdate(projectId: string, name: string, id: string): SectionUpdate {
  const key = sectionKey('snapshot', projectId, id);
  return {
    key,
    apply: (s) =>
      s ? { key, attrs: { snapshot: id, state: 'gone' }, body: renderSnapshotDeleted(name, id) } : undefined,
  };
}

export interface Teardown extends TeardownReport {
  projectId: string;
  /** Ids of branches this run deleted, and of branches the comment shows that Neon no longer has. */
  deletedIds: ReadonlySet<string>;
  missingIds: ReadonlySet<string>;
  /** Snapshot ids the comment shows that Neon no longer has. */
  missingSnapshotIds?: ReadonlySet<string>;
}

/**
 * The teardown report (a rerun that deleted nothing keeps the first one; one that deleted more adds
 * to it), and a "gone" section for every branch section of `current` whose branch went.
 */
export function teardownUpdates(current: readonly Section[], t: Teardown): SectionUpdate[] {
  const updates: SectionUpdate[] = [];
  const closing = new Set(
    (['preview', 'anonymized'] as const).map((k) =>
      branchSectionKey(k, t.projectId, k === 'preview' ? t.branchName : `${t.branchName}-anon`),
    ),
  );
  for (const s of current) {
    const kind = kindOf(s.key);
    if (kind !== 'preview' && kind !== 'anonymized' && kind !== 'restore') continue;
    const id = s.attrs.branch;
    const reason: GoneReason | undefined =
      id && t.deletedIds.has(id)
        ? 'deleted-on-close'
        : id && t.missingIds.has(id)
          ? 'missing'
          : closing.has(s.key)
            ? 'deleted-on-close'
            : undefined;
    if (!reason) continue;
    updates.push({
      key: s.key,
      apply: (now) =>
        now && now.attrs.state !== 'gone'
          ? {
              key: s.key,
              attrs: { ...now.attrs, state: 'gone' },
              body: renderGoneBranch(kind, now.attrs.name ?? s.attrs.name ?? '', now.attrs.branch, reason),
            }
          : undefined,
    });
  }
  updates.push(...snapshotFates(current, t));
  const key = teardownKey(t.projectId, t.branchName);
  const deletedSnapshots = t.snapshots?.deleted ?? [];
  const ids = [...t.deleted, ...deletedSnapshots].map((d) => d.id);
  updates.push({
    key,
    apply: (now) => {
      if (!now) return { key, attrs: { deleted: ids.join('.') }, body: renderTeardown(t) };
      const before = new Set((now.attrs.deleted ?? '').split('.').filter(Boolean));
      const more = t.deleted.filter((d) => !before.has(d.id));
      const moreSnapshots = deletedSnapshots.filter((d) => !before.has(d.id));
      if (more.length === 0 && moreSnapshots.length === 0) return undefined; // a rerun keeps the report it wrote first
      if (before.size === 0) return { key, attrs: { deleted: ids.join('.') }, body: renderTeardown(t) };
      return {
        key,
        attrs: { deleted: [...before, ...more.map((d) => d.id), ...moreSnapshots.map((d) => d.id)].join('.') },
        body: appendToTeardown(now.body, more, moreSnapshots),
      };
    },
  });
  return updates;
}

/** Each live snapshot section of `current`: "gone" when deleted with the PR (or missing), "kept" with why. */
function snapshotFates(current: readonly Section[], t: Teardown): SectionUpdate[] {
  const deleted = new Set((t.snapshots?.deleted ?? []).map((d) => d.id));
  const kept = new Map((t.snapshots?.kept ?? []).map((k) => [k.id, k.reason]));
  const names = new Map([...(t.snapshots?.deleted ?? []), ...(t.snapshots?.kept ?? [])].map((x) => [x.id, x.name]));
  const updates: SectionUpdate[] = [];
  for (const s of current) {
    const id = s.attrs.snapshot;
    if (kindOf(s.key) !== 'snapshot' || !id) continue;
    const reason: GoneReason | undefined = deleted.has(id)
      ? 'deleted-on-close'
      : t.missingSnapshotIds?.has(id)
        ? 'missing'
        : undefined;
    const keptBecause = kept.get(id);
    if (!reason && keptBecause === undefined) continue;
    updates.push({
      key: s.key,
      apply: (now) => {
        if (!now || now.attrs.state === 'gone') return undefined;
        const name = names.get(id) ?? now.attrs.name ?? id;
        if (reason)
          return { key: s.key, attrs: { ...now.attrs, state: 'gone' }, body: renderSnapshotGone(name, id, reason) };
        if (now.attrs.state === 'kept') return undefined;
        return { key: s.key, attrs: { ...now.attrs, state: 'kept' }, body: renderSnapshotKept(name, id, keptBecause!) };
      },
    });
  }
  return updates;
}
