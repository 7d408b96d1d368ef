/** `pnpm start [-- --svm]`: trains the spiral classifier and writes its figures to out/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './run.js';

const loss = process.argv.includes('--svm') ? 'svm' : 'softmax';
const result = run((line) => console.log(line), { loss });
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'out');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `decision-regions-${loss}.svg`), result.regionsSvg);
writeFileSync(join(out, `loss-${loss}.svg`), result.lossSvg);
console.log(`wrote out/decision-regions-${loss}.svg and out/loss-${loss}.svg`);
