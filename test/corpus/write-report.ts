/**
 * `pnpm corpus`: builds the corpus through the plugin, writes CORPUS.md and prints its figures.
 * The expected rejections (rejected.ts) are the test's to check, not this script's.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileCorpus } from './compile.js';
import { entries } from './entries.js';
import { renderReport, reportPath } from './report.js';

const outcomes = await compileCorpus(entries);
const report = renderReport(outcomes);
writeFileSync(resolve(import.meta.dirname, '../..', reportPath), report);
console.log(report.split('\n## Per package')[0]);
console.log(`\nwrote ${reportPath}`);
