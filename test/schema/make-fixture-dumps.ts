/**
 * Kept for the command the schema pairs' README gave before: the dumps of every fixture (schema
 * pairs and migration layouts) are now written by test/fixtures/make-dumps.ts (`npm run fixtures`).
 *
 *   npx tsx test/schema/make-fixture-dumps.ts [pair-name …]
 */
import '../fixtures/make-dumps.js';
