/**
 * Each Change of the dump review matched to the migration statement that made it, with what only
 * the statement can tell. An explicit RENAME also settles what the dumps could only guess: a
 * dropped object and an added one that the statement renamed are one `renamed` change.
 */
import { renamedRisk } from '../schema/risk.js';
import type { StatementEvidence } from '../schema/settle.js';
import type { Change } from '../schema/types.js';
import type { Effect } from './effects.js';
import type { MigrationStatement } from './split.js';

/** What the migration says about one change: the statements themselves, with what schema/settle reads of them. */
export interface Evidence extends StatementEvidence {
  statement: MigrationStatement;
  validatedBy?: MigrationStatement;
}

export interface Matched {
  /** The changes, with drop + add pairs that a statement renamed merged into one rename. */
  changes: Change[];
  evidence: Map<Change, Evidence>;
}

export function matchChanges(changes: readonly Change[], effects: readonly Effect[]): Matched {
  const list = mergeExplicitRenames(changes, effects);
  const evidence = new Map<Change, Evidence>();
  for (const change of list) {
    const found = evidenceFor(change, effects);
    if (found) evidence.set(change, found);
  }
  return { changes: list, evidence };
}

function mergeExplicitRenames(changes: readonly Change[], effects: readonly Effect[]): Change[] {
  let list = [...changes];
  for (const effect of effects) {
    if (effect.action !== 'renamed' || !effect.from) continue;
    const already = list.find(
      (c) => c.action === 'renamed' && c.kind === effect.kind && names(effect, c.object) && namesFrom(effect, c.from),
    );
    if (already) continue;
    const dropped = list.find((c) => c.action === 'dropped' && c.kind === effect.kind && namesFrom(effect, c.object));
    const added = list.find((c) => c.action === 'added' && c.kind === effect.kind && names(effect, c.object));
    if (!dropped || !added) continue;
    const renamed: Change = {
      kind: added.kind,
      action: 'renamed',
      object: added.object,
      from: dropped.object,
      risk: renamedRisk(added.kind).risk,
      reason: renamedRisk(added.kind).reason,
      destructive: renamedRisk(added.kind).risk === 'destructive',
      database: added.database,
      detail: `RENAME ${lastName(dropped.object)} TO ${lastName(added.object)}`,
      identity: 'statement',
    };
    list = list.filter((c) => c !== dropped && c !== added);
    list.splice(Math.min(changes.indexOf(dropped), changes.indexOf(added)), 0, renamed);
  }
  return list;
}

function evidenceFor(change: Change, effects: readonly Effect[]): Evidence | undefined {
  const same = effects.filter((e) => e.kind === change.kind && names(e, change.object));
  const pick = (actions: readonly Effect['action'][]) => same.filter((e) => actions.includes(e.action)).at(-1);
  let making: Effect | undefined;
  switch (change.action) {
    case 'added':
      making = pick(['added']);
      break;
    case 'dropped':
      making = effects
        .filter((e) => e.kind === change.kind && e.action === 'dropped' && names(e, change.object))
        .at(-1);
      // a column goes with its table
      if (!making && change.kind === 'column') making = dropOfTable(change.object, effects);
      break;
    case 'renamed':
      making = same.filter((e) => e.action === 'renamed' && namesFrom(e, change.from)).at(-1) ?? pick(['renamed']);
      break;
    case 'altered':
      making =
        same.find((e) => e.action === 'altered' && e.using !== undefined) ??
        (change.kind === 'constraint' ? pick(['validated', 'added']) : pick(['altered', 'added']));
      break;
  }
  if (!making) return undefined;
  const evidence: Evidence = { statement: making.statement };
  if (making.concurrently) evidence.concurrently = true;
  if (making.notValid) evidence.notValid = true;
  if (making.usingIndex) evidence.usingIndex = making.usingIndex;
  if (making.using !== undefined) {
    evidence.using = making.using;
    if (making.usingIsPlainCast) evidence.usingIsPlainCast = true;
  }
  if (making.action === 'renamed') evidence.explicitRename = true;
  if (making.notValid) {
    const at = effects.indexOf(making);
    const validate = effects
      .slice(at + 1)
      .find((e) => e.kind === 'constraint' && e.action === 'validated' && e.object === making.object);
    if (validate) evidence.validatedBy = validate.statement;
  }
  return evidence;
}

function dropOfTable(column: string, effects: readonly Effect[]): Effect | undefined {
  const table = column.slice(0, column.lastIndexOf('.'));
  return effects.filter((e) => e.kind === 'table' && e.action === 'dropped' && e.object === table).at(-1);
}

/** The effect names `path` (for an index named without its table: same schema, same last name). */
function names(effect: Effect, path: string | undefined): boolean {
  return path !== undefined && samePath(effect.object, path, effect.tableUnknown);
}

function namesFrom(effect: Effect, path: string | undefined): boolean {
  return path !== undefined && effect.from !== undefined && samePath(effect.from, path, effect.tableUnknown);
}

function samePath(effectPath: string, changePath: string, tableUnknown: boolean | undefined): boolean {
  if (effectPath === changePath) return true;
  if (!tableUnknown) return false;
  const schema = effectPath.slice(0, effectPath.indexOf('.'));
  return (
    changePath.startsWith(`${schema}.`) &&
    lastName(changePath) === lastName(effectPath) &&
    changePath.split('.').length === 3
  );
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
