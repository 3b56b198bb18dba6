import { describe, expect, it } from 'vitest';
import { compareMigrationPaths, selectMigrationFiles } from '../../src/migrations/index.js';

describe('selectMigrationFiles', () => {
  const changed = [
    { filename: 'prisma/schema.prisma', status: 'modified' },
    { filename: 'prisma/migrations/20240301120000_post_status/migration.sql', status: 'added' },
    { filename: 'prisma/migrations/20240101000000_init/migration.sql', status: 'modified' },
    { filename: 'prisma/migrations/20231201000000_gone/migration.sql', status: 'removed' },
    { filename: 'prisma/migrations/migration_lock.toml', status: 'modified' },
    { filename: 'README.md', status: 'modified' },
  ];

  it('keeps the changed files matching the glob, drops removed ones, in apply order', () => {
    expect(selectMigrationFiles('prisma/migrations/*/migration.sql', changed)).toEqual([
      'prisma/migrations/20240101000000_init/migration.sql',
      'prisma/migrations/20240301120000_post_status/migration.sql',
    ]);
  });

  it('leaves out down files: golang-migrate .down.sql, Flyway U…__ undo, sqitch revert/ and verify/ beside their deploy/', () => {
    const files = [
      'migrations/000002_total.up.sql',
      'migrations/000002_total.down.sql',
      'db/migration/V2__total.sql',
      'db/migration/U2__total.sql',
      'sqitch/deploy/total.sql',
      'sqitch/revert/total.sql',
      'sqitch/verify/total.sql',
      'sql/verify/checks.sql', // no deploy/checks.sql beside it: not sqitch's
    ];
    const downs: string[] = [];
    expect(
      selectMigrationFiles(['migrations/*.sql', 'db/migration/*.sql', 'sqitch/**/*.sql', 'sql/**/*.sql'], files, downs),
    ).toEqual([
      'db/migration/V2__total.sql',
      'migrations/000002_total.up.sql',
      'sqitch/deploy/total.sql',
      'sql/verify/checks.sql',
    ]);
    expect(downs.sort()).toEqual([
      'db/migration/U2__total.sql',
      'migrations/000002_total.down.sql',
      'sqitch/revert/total.sql',
      'sqitch/verify/total.sql',
    ]);
  });

  it('takes several globs, plain paths, a leading ./ and dot folders', () => {
    const files = [
      'db/migrations/010_c.sql',
      'db/migrations/2_b.sql',
      '.db/x.sql',
      'drizzle/0001_a.sql',
      'drizzle/meta/_journal.json',
    ];
    expect(selectMigrationFiles(['./drizzle/*.sql', 'db/migrations/*.sql', '.db/*.sql'], files)).toEqual([
      '.db/x.sql',
      'db/migrations/2_b.sql',
      'db/migrations/010_c.sql',
      'drizzle/0001_a.sql',
    ]);
  });

  it('matches nothing for an empty glob', () => {
    expect(selectMigrationFiles('', changed)).toEqual([]);
    expect(selectMigrationFiles(['  '], changed)).toEqual([]);
  });
});

describe('compareMigrationPaths', () => {
  it('orders digit runs as numbers and the rest by code point', () => {
    const paths = [
      'm/10_x.sql',
      'm/9_x.sql',
      'm/V2__b.sql',
      'm/V10__a.sql',
      'm/V1_1__c.sql',
      'm/001_a.sql',
      'm/1_a.sql',
    ];
    expect([...paths].sort(compareMigrationPaths)).toEqual([
      'm/1_a.sql',
      'm/001_a.sql',
      'm/9_x.sql',
      'm/10_x.sql',
      'm/V1_1__c.sql',
      'm/V2__b.sql',
      'm/V10__a.sql',
    ]);
  });

  it('sorts timestamps longer than a double holds exactly', () => {
    expect(compareMigrationPaths('20240301120000000001_a', '20240301120000000002_a')).toBeLessThan(0);
  });
});
