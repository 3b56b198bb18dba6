/** The PR's migration files: which ones (by glob, in apply order) and their statements with line numbers. */
export { type ChangedFile, compareMigrationPaths, selectMigrationFiles } from './select.js';
export { type MigrationStatement, type SplitMigration, splitMigration } from './split.js';
