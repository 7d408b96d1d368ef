// renders run N of seed S and transforms it, printing diagnostics and the program
import * as fc from 'fast-check';
import { program } from '/work/wt-gaps/packages/transform/fuzz/arbitrary.ts';
import { renderBatch } from '/work/wt-gaps/packages/transform/fuzz/render.ts';
import { transform, formatDiagnostic } from '/work/wt-gaps/packages/transform/src/index.js';
import { writeFileSync, mkdirSync } from 'node:fs';
const [seed, runs, index] = process.argv.slice(2).map(Number);
const programs = fc.sample(program, { seed, numRuns: runs });
const r = renderBatch([{ prog: programs[index], p: index }]);
const dir = `/tmp/gaps/fz-${seed}-${index}`;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/main.ts`, r.main);
writeFileSync(`${dir}/helpers.ts`, r.helpers);
const out = transform(r.main, `${dir}/main.ts`, {});
console.log(out.diagnostics.map(formatDiagnostic).join('\n') || 'no diagnostics');
