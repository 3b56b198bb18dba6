import { readFileSync, writeFileSync } from 'node:fs';
import { renderActionYml, syncReadme } from './docs.js';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('action.yml', root), renderActionYml());
const readme = new URL('README.md', root);
writeFileSync(readme, syncReadme(readFileSync(readme, 'utf8')));
console.log('action.yml and README.md tables written from src/names.ts');
