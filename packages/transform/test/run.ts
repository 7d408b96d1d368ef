/** Running generated code in tests: transpile it and import it from a folder under test/.exec (gitignored). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { ts } from 'ts-morph';

const here = path.dirname(fileURLToPath(import.meta.url));
const runDir = path.join(here, '.exec');
fs.mkdirSync(runDir, { recursive: true });
// The special-functions fixture imports @stdlib packages, devDependencies of the test package
// (test/ at the root): the run folder resolves them there.
const stdlib = path.join(here, '..', '..', '..', 'test', 'node_modules', '@stdlib');
const stdlibLink = path.join(runDir, 'node_modules', '@stdlib');
if (fs.existsSync(stdlib) && !fs.existsSync(stdlibLink)) {
  fs.mkdirSync(path.dirname(stdlibLink), { recursive: true });
  try {
    fs.symlinkSync(stdlib, stdlibLink, 'junction');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

let counter = 0;
/**
 * Generated TypeScript as JavaScript. Always through esbuild first, which every bundler runs: it
 * warns of a write to a const (`const r = …; if (r === undefined) r = 0`), which TypeScript's
 * transpiler lets through and which throws only when the write runs; here it fails the test.
 */
const transpile = (code: string, esbuild = false): string => {
  const built = transformSync(code, { loader: 'ts', format: 'esm', target: 'es2022' });
  const constWrites = built.warnings.filter((w) => / is a constant$/.test(w.text));
  if (constWrites.length > 0) {
    throw new Error(`the generated code writes a const: ${constWrites.map((w) => `${w.text} (line ${w.location?.line}: ${w.location?.lineText.trim()})`).join('; ')}`);
  }
  // TypeScript's own transpiler recurses as deep as an expression nests (a 20,000-term sum overflows it).
  return esbuild ? built.code : ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
};

/**
 * Transpiles generated TypeScript and imports it, from its own folder under test/.exec; the
 * modules it imports (`siblings`: path.ts → source, relative) are transpiled next to it as
 * path.js. `imports`: Node's subpath imports (`#name` → ./path.js) of that folder.
 */
export async function run(code: string, siblings: Record<string, string> = {}, imports: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const dir = path.join(runDir, `m${process.pid}_${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', imports }) + '\n');
  for (const [name, source] of Object.entries(siblings)) {
    const file = path.join(dir, name.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, transpile(source));
  }
  const file = path.join(dir, 'main.mjs');
  fs.writeFileSync(file, transpile(code));
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/**
 * Runs generated TypeScript in a Node process of its own (types stripped by esbuild) and returns
 * its numeric exports: for modules too deeply nested for the test runner's own module loader and
 * TypeScript's transpiler, which Node itself runs.
 */
export function runInNode(code: string): Record<string, number> {
  const dir = path.join(runDir, `m${process.pid}_${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.mjs'), transpile(code, true));
  const print = "const m = await import('./main.mjs'); console.log(JSON.stringify(Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'number'))));";
  fs.writeFileSync(path.join(dir, 'print.mjs'), print);
  return JSON.parse(execFileSync(process.execPath, [path.join(dir, 'print.mjs')], { encoding: 'utf8' })) as Record<string, number>;
}

/** The other .ts modules of a fixture folder (callees imported by input.ts). */
export function siblingsOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.ts') && name !== 'input.ts' && !name.startsWith('output.')) out[name] = fs.readFileSync(path.join(dir, name), 'utf8');
  }
  return out;
}

