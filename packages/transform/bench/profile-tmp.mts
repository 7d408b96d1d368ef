import { Project } from 'ts-morph';
import { createTransformer } from '../src/index.js';
import { manyFunctions } from './transform.bench.js';
new Project({ useInMemoryFileSystem: true }).createSourceFile('/w.ts', 'const a = 1;').getText();
const code = manyFunctions(1000);
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  const r = createTransformer().transform(code, '/bench/many.ts');
  console.log((performance.now() - t0).toFixed(0), 'ms', r.diagnostics.length);
}
