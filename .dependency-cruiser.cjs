/**
 * The dependency rule (README "Architecture"), checked by `npm run deps` (part of `npm run lint`, so
 * of .ci/run): the folders of src/ stand on floors, and an import points down or stays in its
 * folder. No import goes to a higher floor, none goes sideways between two folders of one floor (so
 * no circle between folders), and no module circle at all. Only commands/ and main.ts see the command
 * context (commands/types.ts). schema/ and migrations/ are pure: they import nothing that does I/O
 * and no project folder but each other, basics/ and names.ts.
 */

/** Top to bottom. A floor's folders may import any lower floor, never a higher one nor a sibling. */
const FLOORS = [
  { name: 'index', paths: ['src/index\\.ts$'] },
  { name: 'main', paths: ['src/main\\.ts$'] },
  { name: 'commands', paths: ['src/commands/'] },
  { name: 'review', paths: ['src/review/'] },
  { name: 'rehearsal', paths: ['src/rehearsal/'] },
  { name: 'lifecycle and conversation', paths: ['src/preview/', 'src/conversation/'] },
  { name: 'adapters', paths: ['src/neon/', 'src/github/', 'src/pg/'] },
  { name: 'costs', paths: ['src/costs/'] },
  { name: 'migrations', paths: ['src/migrations/'] },
  { name: 'schema', paths: ['src/schema/'] },
  { name: 'inputs', paths: ['src/inputs/'] },
  { name: 'runtime', paths: ['src/runtime/'] },
  { name: 'basics', paths: ['src/basics/', 'src/names\\.ts$', 'src/version\\.ts$'] },
];

const anchored = (paths) => paths.map((p) => `^${p}`);

const upRules = FLOORS.flatMap((floor, i) => {
  const higher = FLOORS.slice(0, i).flatMap((f) => f.paths);
  const rules = [];
  if (higher.length > 0)
    rules.push({
      name: `no-up-from-${floor.name.replace(/\W+/g, '-')}`,
      comment: `${floor.name} stands below ${FLOORS.slice(0, i)
        .map((f) => f.name)
        .join(', ')}: it may not import them`,
      severity: 'error',
      from: { path: anchored(floor.paths) },
      to: { path: anchored(higher) },
    });
  // siblings on one floor: a folder may import itself, not its neighbour
  for (const own of floor.paths) {
    const siblings = floor.paths.filter((p) => p !== own);
    if (siblings.length === 0) continue;
    rules.push({
      name: `no-sideways-from-${own.replace(/\W+/g, '-').replace(/^-|-$/g, '')}`,
      comment: `${own} and ${siblings.join(', ')} share a floor: neither imports the other`,
      severity: 'error',
      from: { path: `^${own}` },
      to: { path: anchored(siblings) },
    });
  }
  return rules;
});

module.exports = {
  forbidden: [
    ...upRules,
    {
      name: 'no-circular',
      comment: 'A module circle: split the shared part into a lower module',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'context-only-in-commands',
      comment: 'The command context (commands/types.ts) is for commands/ and main.ts: pass what a function uses',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/commands/', '^src/main\\.ts$'] },
      to: { path: '^src/commands/types\\.ts$' },
    },
    {
      name: 'pure-schema-and-migrations-no-io',
      comment:
        'schema/ and migrations/ are pure: SQL text and parse trees in, values out; I/O lives in an adapter (pg/, github/, neon/)',
      severity: 'error',
      from: { path: '^src/(schema|migrations)/', pathNot: '^src/schema/parser\\.ts$' },
      to: {
        path: [
          '^(node:)?(fs|fs/promises|net|tls|http|https|http2|child_process|dgram|dns|worker_threads)$',
          '(^|/)node_modules/(pg|pg-[^/]+|undici|@actions/[^/]+|@octokit/[^/]+)/',
        ],
      },
    },
    {
      name: 'parser-loads-only-its-grammar',
      comment:
        'schema/parser.ts reads the grammar (libpg-query.wasm) from disk, the one file I/O schema/ does; nothing else',
      severity: 'error',
      from: { path: '^src/schema/parser\\.ts$' },
      to: {
        path: [
          '^(node:)?(net|tls|http|https|http2|child_process|dgram|dns|worker_threads)$',
          '(^|/)node_modules/(pg|pg-[^/]+|undici|@actions/[^/]+|@octokit/[^/]+)/',
        ],
      },
    },
    {
      name: 'pure-schema-and-migrations-only-pure',
      comment: 'schema/ and migrations/ import only each other and basics/ of the project',
      severity: 'error',
      from: { path: '^src/(schema|migrations)/' },
      to: { path: '^src/', pathNot: ['^src/(schema|migrations|basics)/', '^src/(names|version)\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/neon/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    builtInModules: { add: [] },
  },
};
