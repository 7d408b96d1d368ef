import fc from 'fast-check';
import { program } from './arbitrary.js';
const [seed, runs, kind] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const programs = fc.sample(program, { seed, numRuns: runs });
const idx = programs.map((p, i) => [i, JSON.stringify(p).includes(`"k":"${kind}"`)] as const).filter(([, u]) => u).map(([i]) => i);
console.log(idx.length, 'of', runs, 'use', kind, '; first:', idx.slice(0, 12).join(' '));
