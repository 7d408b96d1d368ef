/** Strict type-checking of a test's source text, with @ddx/dual resolved to its sources. */
import * as path from 'node:path';
import ts from 'typescript';

/** The strict type errors of `text`, as a module named `name` next to the tests (`line: message`). */
export function typeErrors(text: string, name = '__typed__.ts'): string[] {
  const file = path.join(import.meta.dirname, name);
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, customConditions: ['@ddx/source'], lib: ['lib.es2022.d.ts'],
    types: [], skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (n, version, ...rest) => (n === file ? ts.createSourceFile(n, text, version) : getSourceFile(n, version, ...rest));
  host.fileExists = (n) => n === file || fileExists(n);
  host.readFile = (n) => (n === file ? text : readFile(n));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).filter((x) => x.file?.fileName === file)
    .map((x) => `${x.file!.getLineAndCharacterOfPosition(x.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(x.messageText, ' ')}`);
}
