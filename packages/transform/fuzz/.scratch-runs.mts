// runs chosen programs of a seed through the fuzz checker (scratch, not committed)
import fc from 'fast-check';
import { program } from './arbitrary.js';
import { cleanUp, runBatch } from './check.js';
import { saveFixture } from './fixtures.js';
const [seed, runs, ...indices] = process.argv.slice(2).map(Number);
const save = process.env.SAVE === '1';
const programs = fc.sample(program, { seed, numRuns: runs });
const out = await runBatch(indices.map((p) => ({ prog: programs[p], p })));
for (const o of out) {
  console.log(o.p, o.status, o.details.slice(0, 3).join(' | ').slice(0, 300));
  if (save) console.log(saveFixture({ seed, index: o.p, status: 'rejected', details: [], program: programs[o.p] }));
}
cleanUp();
