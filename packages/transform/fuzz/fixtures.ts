/**
 * Shrunk fuzz failures kept as regression fixtures: one folder per failure under
 * test/fixtures-fuzz/, holding the program as data (program.json, what the regression test runs)
 * and its rendering (main.ts, helpers.ts) for a reader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Outcome } from './check.js';
import type { Program } from './program.js';
import { renderBatch } from './render.js';

export const fuzzFixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures-fuzz');

export interface FuzzFixture {
  name: string;
  /** How it was found: `--seed`, the run index, and what failed before it was fixed. */
  seed: number;
  index: number;
  status: Outcome['status'];
  details: string[];
  program: Program;
}

/** A short, stable label for a failure: its status and first detail without numbers or paths. */
export function signature(o: Outcome): string {
  const first = (o.details.find((d) => !d.endsWith(':')) ?? o.details[0] ?? '').split('\n')[0];
  return `${o.status}: ${first.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/g, 'N').replace(/\/\S+/g, '…').slice(0, 160)}`;
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48);

/** First line of the rendered files: they are for reading; program.json is what runs. */
export const RENDERED_HEADER = '// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json\n';

export function saveFixture(f: Omit<FuzzFixture, 'name'>): string {
  const name = `${slug(f.status + ' ' + (f.details.find((d) => !d.endsWith(':')) ?? '').replace(/^\w+:\s*/, ''))}-s${f.seed}-r${f.index}`;
  const dir = path.join(fuzzFixturesDir, name);
  fs.mkdirSync(dir, { recursive: true });
  const { seed, index, status, details, program } = f;
  fs.writeFileSync(path.join(dir, 'program.json'), JSON.stringify({ seed, index, status, details: details.slice(0, 12), program }, null, 2) + '\n');
  const rendered = renderBatch([{ prog: program, p: 0 }]);
  fs.writeFileSync(path.join(dir, 'main.ts'), RENDERED_HEADER + rendered.main);
  fs.writeFileSync(path.join(dir, 'helpers.ts'), RENDERED_HEADER + rendered.helpers);
  return dir;
}

export function loadFixtures(): FuzzFixture[] {
  if (!fs.existsSync(fuzzFixturesDir)) return [];
  return fs.readdirSync(fuzzFixturesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(fuzzFixturesDir, d.name, 'program.json')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, ...JSON.parse(fs.readFileSync(path.join(fuzzFixturesDir, name, 'program.json'), 'utf8')) }));
}
