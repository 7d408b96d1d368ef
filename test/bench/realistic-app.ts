/**
 * A generated Vite app of realistic size for the build-cost benchmark: 200 TypeScript modules, 10
 * of them with ddx calls (derivatives and gradients of numeric functions imported from 10 model
 * modules), the rest the ordinary code of an app (types, classes, formatting, array helpers)
 * reached through 39 feature modules from one entry. Deterministic: the same files every time.
 */
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ddxModules = 10;
const models = 10;
const features = 39;
const leaves = 200 - 1 - features - ddxModules - models;

/** An ordinary module: an interface, a class, and helpers over strings and arrays. */
function leaf(i: number): string {
  return `export interface Item${i} {
  id: number;
  name: string;
  tags: readonly string[];
  weight: number;
}

export class Registry${i} {
  private readonly items = new Map<number, Item${i}>();

  add(item: Item${i}): this {
    this.items.set(item.id, item);
    return this;
  }

  heaviest(): Item${i} | undefined {
    let best: Item${i} | undefined;
    for (const item of this.items.values()) if (!best || item.weight > best.weight) best = item;
    return best;
  }

  byTag(tag: string): Item${i}[] {
    return [...this.items.values()].filter((item) => item.tags.includes(tag));
  }
}

export function label${i}(item: Item${i}): string {
  return \`\${item.name.padEnd(12)} #\${item.id.toString(16)} (\${item.tags.join(', ') || 'untagged'})\`;
}

export function summary${i}(values: readonly number[]): { mean: number; spread: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
  const spread = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / Math.max(1, values.length));
  return { mean: Math.round(mean * 1000) / 1000, spread: Math.round(spread * 1000) / 1000 };
}

export const defaults${i}: Item${i} = { id: ${i}, name: 'item-${i}', tags: ['t${i % 7}', 't${i % 5}'], weight: ${(i * 37) % 101} };
`;
}

/** A model module: plain numeric functions, in the language the compiler accepts. */
function model(k: number): string {
  return `export function energy${k}(q: number[]): number {
  let sum = 0;
  for (let i = 0; i < q.length; i++) sum += (q[i] * q[i] - ${k + 1}) ** 2 + Math.sin(q[i] / ${k + 2});
  return sum;
}

export function response${k}(x: number): number {
  return Math.exp(-x / ${k + 2}) * Math.cos(${k + 1} * x) + Math.log1p(x * x);
}

export function coupling${k}(a: number, b: number): number {
  return Math.hypot(a, b) * Math.tanh(a - ${k} * b);
}
`;
}

/** A module with ddx calls on the model's functions. */
function ddxModule(k: number): string {
  return `import { derivative, gradient, hessian, secondDerivative } from '@ddx/dual';
import { coupling${k}, energy${k}, response${k} } from './model-${k}.js';

export const slope${k} = derivative(response${k});
export const curvature${k} = (x: number): number => secondDerivative(response${k}, x);
export const force${k} = (q: number[]): number[] => gradient(energy${k}, q);
export const stiffness${k} = (q: number[]): number[][] => hessian(energy${k}, q);
export const couplingGradient${k} = (a: number, b: number): number[] => gradient(coupling${k}, [a, b]);
`;
}

/** A feature module: combines a few ordinary modules. */
function feature(f: number): string {
  const own = [0, 1, 2, 3].map((j) => (f * 4 + j) % leaves);
  return `${own.map((i) => `import { Registry${i}, defaults${i}, label${i}, summary${i} } from './leaf-${i}.js';`).join('\n')}

export function feature${f}(): string[] {
  const lines: string[] = [];
${own.map((i) => `  {
    const registry = new Registry${i}().add(defaults${i}).add({ ...defaults${i}, id: ${i + 1000}, weight: ${i % 13} });
    const heaviest = registry.heaviest();
    lines.push(heaviest ? label${i}(heaviest) : 'none', JSON.stringify(summary${i}(registry.byTag('t${i % 7}').map((item) => item.weight))));
  }`).join('\n')}
  return lines;
}
`;
}

function entry(): string {
  const featureImports = Array.from({ length: features }, (_, f) => `import { feature${f} } from './feature-${f}.js';`);
  const ddxImports = Array.from({ length: ddxModules }, (_, k) => `import { couplingGradient${k}, curvature${k}, force${k}, slope${k}, stiffness${k} } from './ddx-${k}.js';`);
  const leafImports = Array.from({ length: leaves - features * 4 > 0 ? leaves - features * 4 : 0 }, (_, j) => `import { label${features * 4 + j}, defaults${features * 4 + j} } from './leaf-${features * 4 + j}.js';`);
  return `${[...featureImports, ...ddxImports, ...leafImports].join('\n')}

const lines: string[] = [
${Array.from({ length: features }, (_, f) => `  ...feature${f}(),`).join('\n')}
${Array.from({ length: ddxModules }, (_, k) => `  \`\${slope${k}(0.5)} \${curvature${k}(0.5)} \${force${k}([1, 2]).join()} \${stiffness${k}([1, 2]).flat().join()} \${couplingGradient${k}(1, 2).join()}\`,`).join('\n')}
${leafImports.map((_, j) => `  label${features * 4 + j}(defaults${features * 4 + j}),`).join('\n')}
];
document.querySelector('#app')!.textContent = lines.join('\\n');
`;
}

/** Writes the app into `dir` (emptied first): index.html and src/ with 200 modules. */
export function generateApp(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  const files: Record<string, string> = {
    'index.html': '<!doctype html>\n<html><body><pre id="app"></pre><script type="module" src="/src/main.ts"></script></body></html>\n',
    'src/main.ts': entry(),
  };
  for (let i = 0; i < leaves; i++) files[`src/leaf-${i}.ts`] = leaf(i);
  for (let k = 0; k < models; k++) files[`src/model-${k}.ts`] = model(k);
  for (let k = 0; k < ddxModules; k++) files[`src/ddx-${k}.ts`] = ddxModule(k);
  for (let f = 0; f < features; f++) files[`src/feature-${f}.ts`] = feature(f);
  if (Object.keys(files).filter((file) => file.endsWith('.ts')).length !== 200) throw new Error('the app must have 200 modules');
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
}

/** An edit of one module with ddx calls (a new comment line each time): its stored result no longer applies. */
let edits = 0;
export function editOneDdxModule(dir: string): void {
  appendFileSync(join(dir, 'src/ddx-0.ts'), `// edit ${++edits}\n`);
}
