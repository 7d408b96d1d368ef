/**
 * Runs a module through the transform and imports the output: transform → ts.transpileModule
 * → a temporary .mjs file whose imports point at absolute source paths → dynamic import.
 * Any diagnostic, or a module the transform left unchanged, fails with the reason.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { formatDiagnostic, transform, type EmitMode, type TransformResult } from '../../../src/index.js';

export const modes: readonly EmitMode[] = ['inline', 'dual'];

/** The ports live here; entry modules are placed here so that `./num2num.js` finds them. */
export const portsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../ports');
const dualEntry = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../dual/src/index.ts');
const outputDir = join(tmpdir(), 'ddx-acceptance');
let counter = 0;

export interface RunOptions {
  mode: EmitMode;
  /** Virtual file name of the entry module (it is never written); default: inside the ports folder. */
  fileName?: string;
}

/** The transform's result for `source`, or an Error listing its diagnostics. */
export function transformOrThrow(source: string, options: RunOptions): TransformResult {
  const fileName = options.fileName ?? join(portsDir, `entry-${counter++}.ts`);
  const result = transform(source, fileName, { mode: options.mode, sourceMap: false });
  if (result.diagnostics.length > 0) {
    throw new Error(`transform (${options.mode}) rejected the module:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  }
  if (!result.changed) throw new Error(`transform (${options.mode}) left the module unchanged: no call site was rewritten`);
  return result;
}

/** Transforms `source`, runs it, and returns its exports. */
export async function runTransformed<T = Record<string, unknown>>(source: string, options: RunOptions): Promise<T> {
  const fileName = options.fileName ?? join(portsDir, `entry-${counter++}.ts`);
  return importModule<T>(transformOrThrow(source, { ...options, fileName }).code, fileName);
}

/** Runs TypeScript `code` as if it were the module `fileName`, and returns its exports. */
export async function importModule<T = Record<string, unknown>>(code: string, fileName: string): Promise<T> {
  const javascript = ts.transpileModule(code, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  }).outputText;
  mkdirSync(outputDir, { recursive: true });
  const file = join(outputDir, `module-${process.pid}-${counter++}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, pointImportsAtSources(javascript, dirname(fileName)));
  try {
    return (await import(/* @vite-ignore */ file)) as T;
  } finally {
    rmSync(file, { force: true }); // imported modules stay cached; the file is not needed again
  }
}

/** `@ddx/dual` → its TypeScript source; `./x.js` → the absolute path of ./x.ts next to the entry. */
function pointImportsAtSources(javascript: string, fromDir: string): string {
  return javascript.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\2/g, (whole, lead: string, quote: string, specifier: string) => {
    if (specifier === '@ddx/dual') return `${lead}${quote}${dualEntry}${quote}`;
    if (!specifier.startsWith('.')) return whole;
    const target = resolve(fromDir, specifier);
    const typescript = target.replace(/\.(m?)js$/, '.$1ts');
    const found = [typescript, target, `${target}.ts`].find((candidate) => existsSync(candidate)) ?? target;
    return `${lead}${quote}${found}${quote}`;
  });
}
