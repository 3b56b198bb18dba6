/**
 * How each migration tool marks the part of a file that migrates up. Some keep up and down in one
 * file, set apart by comment lines; some keep the down (revert, undo) in a file of its own. Only the
 * up part is a migration: the rehearsal runs it and the review maps changes to it.
 *
 * One file, marked sections (a marker is a `--` comment line; text before the first marker is ignored,
 * as the tools ignore it):
 * - dbmate: `-- migrate:up` … `-- migrate:down` (options such as `transaction:false` may follow)
 * - goose: `-- +goose Up` … `-- +goose Down` (`-- +goose StatementBegin` / `StatementEnd` are comments)
 * - sql-migrate: `-- +migrate Up` … `-- +migrate Down`
 * - tern: everything above `---- create above / drop below ----`
 * - shmig: `-- ==== UP ====` … `-- ==== DOWN ====`
 *
 * Separate files, left out by name (see `downFile`):
 * - golang-migrate, sqlx: `N_name.down.sql` beside `N_name.up.sql`
 * - Flyway: undo migrations `U<version>__name.sql` beside `V<version>__name.sql`
 * - sqitch: `revert/x.sql` and `verify/x.sql` beside `deploy/x.sql` (left out when the deploy file is there)
 */

export type Section = 'up' | 'down';

interface Marker {
  tool: string;
  pattern: RegExp;
  section: Section;
}

const MARKERS: Marker[] = [
  { tool: 'dbmate', pattern: /^--\s*migrate:up(\s|$)/, section: 'up' },
  { tool: 'dbmate', pattern: /^--\s*migrate:down(\s|$)/, section: 'down' },
  { tool: 'goose', pattern: /^--\s*\+goose\s+up(\s|$)/i, section: 'up' },
  { tool: 'goose', pattern: /^--\s*\+goose\s+down(\s|$)/i, section: 'down' },
  { tool: 'sql-migrate', pattern: /^--\s*\+migrate\s+up(\s|$)/i, section: 'up' },
  { tool: 'sql-migrate', pattern: /^--\s*\+migrate\s+down(\s|$)/i, section: 'down' },
  { tool: 'tern', pattern: /^-{3,}\s*create\s+above\s*\/\s*drop\s+below\s*-{3,}\s*$/i, section: 'down' },
  { tool: 'shmig', pattern: /^--\s*=+\s*up\s*=+\s*$/i, section: 'up' },
  { tool: 'shmig', pattern: /^--\s*=+\s*down\s*=+\s*$/i, section: 'down' },
];

/** The marker a line is, if any. */
export function markerOf(line: string): Marker | undefined {
  const text = line.trim();
  return MARKERS.find((m) => m.pattern.test(text));
}

/**
 * The byte ranges of a file that are not its up part. Markers are found line by line, as the tools
 * themselves find them (a marker is a whole line). No marker: the whole file is up.
 */
export function nonUpRanges(bytes: Buffer): { ranges: [number, number][]; tool: string | undefined } {
  const found: { start: number; marker: Marker }[] = [];
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(10, start);
    const end = newline < 0 ? bytes.length : newline;
    const line = bytes.subarray(start, end).toString('utf8');
    if (line.trimStart().startsWith('--')) {
      const marker = markerOf(line);
      if (marker) found.push({ start, marker });
    }
    start = end + 1;
  }
  if (found.length === 0) return { ranges: [], tool: undefined };
  const hasUp = found.some((f) => f.marker.section === 'up');
  const ranges: [number, number][] = [];
  // before the first marker: up only where the convention has no up marker (tern)
  let section: Section = hasUp ? 'down' : 'up';
  let from = 0;
  for (const f of found) {
    if (section === 'down') ranges.push([from, f.start]);
    section = f.marker.section;
    from = f.start;
  }
  if (section === 'down') ranges.push([from, bytes.length]);
  return { ranges: ranges.filter(([a, b]) => b > a), tool: found[0].marker.tool };
}

/** `bytes` with every byte of `ranges` but line breaks turned to spaces: offsets and line numbers stay. */
export function blank(bytes: Buffer, ranges: readonly [number, number][]): Buffer {
  if (ranges.length === 0) return bytes;
  const out = Buffer.from(bytes);
  for (const [a, b] of ranges) for (let i = a; i < b; i++) if (out[i] !== 10 && out[i] !== 13) out[i] = 32;
  return out;
}

/**
 * A file that holds a down migration by its tool's naming: golang-migrate's `*.down.sql`, Flyway's
 * undo `U<version>__*.sql`, sqitch's `revert/` and `verify/` files when `paths` holds the `deploy/` one.
 */
export function downFile(path: string, paths: ReadonlySet<string>): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/\.down\.sql$/i.test(name)) return 'golang-migrate';
  if (/^U\d[\d._]*__.+\.sql$/.test(name)) return 'Flyway';
  const sqitch = /(^|\/)(revert|verify)\/(.+)$/.exec(path);
  if (sqitch) {
    const deploy = `${path.slice(0, sqitch.index + sqitch[1].length)}deploy/${sqitch[3]}`;
    if (paths.has(deploy)) return 'sqitch';
  }
  return undefined;
}
