/**
 * The three commands. gen and check share one plan: expand the inputs, place every destination
 * (refusing escapes from --out), generate every module in memory, then vet each destination
 * (links, files ddx did not write). Nothing is written until all of that succeeded, so one bad
 * input leaves the disk untouched.
 */
import { relative } from 'node:path';
import { DdxError, formatDiagnostic, generateModule, tsconfigResolver, type Diagnostic, type TransformResult } from '../index.js';
import type { Command, EmitFlags } from './args.js';
import { UsageError, messageOf } from './errors.js';
import { expandInputs, firstLine, generatedPathFor, inspectDestination, readSource, resolveOutDir, writeFileAtomic, type Existing } from './files.js';
import { progress, type CliIo } from './io.js';

type GenCommand = Extract<Command, { kind: 'gen' | 'check' }>;
type PrintCommand = Extract<Command, { kind: 'print' }>;

interface PlannedFile {
  source: string;
  target: string;
  existing: Existing;
  code: string;
}

export function gen(command: GenCommand, io: CliIo): number {
  const planned = plan(command, io);
  if ('diagnostics' in planned) return reportDiagnostics(planned, 'gen', io, 'no files written');
  let written = 0;
  for (const file of planned.files) {
    if (file.existing.kind === 'generated' && file.existing.text === file.code) continue;
    writeFileAtomic(file.target, file.code);
    io.stdout(`wrote ${shown(file.target, io)}\n`);
    written += 1;
  }
  const unchanged = planned.files.length - written;
  io.stdout(`ddx gen: ${written} ${plural(written, 'file')} written, ${unchanged} unchanged${skippedNote(planned.skipped)}\n`);
  return 0;
}

export function check(command: GenCommand, io: CliIo): number {
  const planned = plan(command, io);
  if ('diagnostics' in planned) return reportDiagnostics(planned, 'check', io, 'cannot check');
  const { files, skipped } = planned;
  const stale = files.filter((file) => file.existing.kind === 'missing' || file.existing.text !== file.code);
  if (stale.length === 0) {
    io.stdout(`ddx check: ${files.length} generated ${plural(files.length, 'file')} up to date${skippedNote(skipped)}\n`);
    return 0;
  }
  io.stdout(`ddx check: ${stale.length} of ${files.length} generated ${plural(files.length, 'file')} out of date:\n`);
  for (const file of stale) io.stdout(`  ${file.existing.kind === 'missing' ? 'missing' : 'stale  '}  ${shown(file.target, io)}\n`);
  io.stdout('run `ddx gen` with the same arguments to update them\n');
  return 1;
}

export function print(command: PrintCommand, io: CliIo): number {
  const inputs = expandInputs([command.file], io.cwd);
  if (inputs.length > 1) throw new UsageError(`'${command.file}' matches ${inputs.length} files; print takes one`, 'name one file, or use `ddx gen` for many');
  const source = inputs[0].file;
  const result = generate(source, readSource(source, io.cwd), command, command.functions);
  if (result.diagnostics.length > 0) return reportDiagnostics({ diagnostics: result.diagnostics, files: 1 }, 'print', io, 'nothing printed');
  io.stdout(result.code.endsWith('\n') ? result.code : result.code + '\n');
  return 0;
}

interface Failure {
  diagnostics: Diagnostic[];
  files: number;
}

interface Plan {
  files: PlannedFile[];
  /** Files a glob matched that export no plain numeric function: nothing to generate. */
  skipped: number;
}

function plan(command: GenCommand, io: CliIo): Plan | Failure {
  const outDir = resolveOutDir(command.out, io.cwd);
  const inputs = expandInputs(command.inputs, io.cwd).map((input) => ({ ...input, target: generatedPathFor(input.file, io.cwd, outDir) }));
  const texts = inputs.map(({ file }) => readSource(file, io.cwd));

  const bar = progress(io, command.kind, inputs.length);
  const results = inputs.map(({ file }, i) => {
    bar.step(shown(file, io));
    return generate(file, texts[i], command);
  });
  bar.done();

  // A glob may match files without numeric functions (types, constants): skip those; a file
  // named on the command line must yield code, so its DDX1015 stays an error.
  const kept = inputs.map((input, i) => ({ ...input, result: results[i] })).filter(({ named, result }) => named || !hasNothingToGenerate(result));
  const failed = kept.filter(({ result }) => result.diagnostics.length > 0);
  if (failed.length > 0) return { diagnostics: failed.flatMap(({ result }) => result.diagnostics), files: failed.length };

  const files = kept.map(({ file, target, result }) => {
    const existing = inspectDestination(target, io.cwd, outDir, (line) => isDdxMarker(line, firstLine(result.code)));
    return { source: file, target, existing, code: result.code };
  });
  return { files, skipped: inputs.length - kept.length };
}

/** Without a list of functions, DDX1015 alone means: the module exports no plain numeric function. */
function hasNothingToGenerate(result: TransformResult): boolean {
  return result.diagnostics.length > 0 && result.diagnostics.every((d) => d.code === 'DDX1015');
}

/** generateModule, with a thrown DdxError turned back into diagnostics. */
function generate(source: string, text: string, flags: EmitFlags, functions?: string[]): TransformResult {
  try {
    // Imports lead where the project's tsconfig.json says.
    return generateModule(text, source, { mode: flags.mode, nanSafe: flags.nanSafe, resolve: tsconfigResolver(), ...(functions ? { functions } : {}) });
  } catch (error) {
    if (error instanceof DdxError) return { code: '', map: null, changed: false, diagnostics: error.diagnostics, dependencies: [], inputs: new Map(), resolutions: [] };
    throw new Error(`while generating ${source}: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * A first line ddx wrote: the marker of the module it generates now, or an older ddx marker
 * (a line comment that says it is generated by ddx), so that upgrades can overwrite it.
 */
function isDdxMarker(line: string, currentMarker: string): boolean {
  if (line === currentMarker) return true;
  return /^\s*\/[/*]/.test(line) && /\bgenerated\b/i.test(line) && /\bddx\b/i.test(line);
}

function reportDiagnostics(failure: Failure, verb: string, io: CliIo, consequence: string): number {
  for (const d of failure.diagnostics) io.stderr(formatDiagnostic({ ...d, file: shown(d.file, io) }) + '\n\n');
  const count = failure.diagnostics.length;
  io.stderr(`ddx ${verb}: ${count} ${plural(count, 'error')} in ${failure.files} ${plural(failure.files, 'file')}; ${consequence}\n`);
  return 1;
}

function shown(file: string, io: CliIo): string {
  const rel = relative(io.cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}

function skippedNote(skipped: number): string {
  return skipped === 0 ? '' : ` (${skipped} ${plural(skipped, 'file')} without exported numeric functions skipped)`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : word + 's';
}
