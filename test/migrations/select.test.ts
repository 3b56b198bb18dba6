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

  it('takes several globs, plain paths, a leading ./ and dot folders', () => {
    const files = ['db/migrations/010_c.sql', 'db/migrations/2_b.sql', '.db/x.sql', 'drizzle/0001_a.sql', 'drizzle/meta/_journal.json'];
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
    const paths = ['m/10_x.sql', 'm/9_x.sql', 'm/V2__b.sql', 'm/V10__a.sql', 'm/V1_1__c.sql', 'm/001_a.sql', 'm/1_a.sql'];
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
