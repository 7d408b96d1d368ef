/**
 * The interpreter as an oracle of lowering: for every function a module's call sites compile (the
 * functions the verbs differentiate, and every function they call), the interpreter on the lowered
 * IR (interpret.ts) and the original function run as plain JavaScript must give the same value,
 * bit for bit (`Object.is` per element), on random inputs rich in special values. Test-side code.
 *
 *   lowerModule(code, file, readFile)   the analysis the transform runs, stopped before emission
 *   loadPlain(lowered)                  the module and the modules it imports, transpiled and run
 *                                       with @ddx/dual stubbed out: each lowered function as a
 *                                       JavaScript function (of its captures' values, for an arrow
 *                                       written inside another function)
 *   compareWithPlain(fn, plain, …)      both on the same random inputs (arrays copied for each)
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as dual from '@ddx/dual';
import { ts } from 'ts-morph';
import type { NumericFunction, Var } from '../src/analyze/ir.js';
import { Analyzer, forEachCallee } from '../src/analyze/program.js';
import { restParameterOf } from '../src/analyze/lower.js';
import { isDerivativeCode } from '../src/analyze/tangent.js';
import { forEachExpr } from '../src/analyze/walk.js';
import { arrayFields, leafPaths, matrices, matrixLayout, matrixReturns, matrixRowsOf, recordArrayShapes, recordReturns, recordShapes, strideOf, type RecordShape } from '../src/analyze/scalarise.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { createProject, DUAL_FILE, DUAL_MODULE, ImportTable, loadModule, MATH_FILE } from '../src/parse.js';
import { candidateResolver, type ReadFile, type Resolution } from '../src/resolution.js';
import { mulberry32 } from '../test/difftests/support/random.js';
import { BudgetExceeded, interpret, type Value } from './interpret.js';

export interface LoweredModule {
  /** Every function the module's call sites compile, each once: the verbs' functions (entries) first, then their callees. */
  readonly functions: readonly NumericFunction[];
  /** What the analysis rejected (the call sites it compiled are still in `functions`). */
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read, by the file name the analysis gives it. */
  readonly files: ReadonlyMap<string, string>;
  readonly resolutions: readonly Resolution[];
}

/** The analysis of `code` as `fileName` (and of the project modules it reaches, through `readFile`), as transform() runs it. */
/** `normalises`: false stops after lowering (no normalise pass), for comparing the IR before and after it. */
export function lowerModule(code: string, fileName: string, readFile: ReadFile, normalises = true): LoweredModule {
  const imports = new ImportTable();
  const project = createProject(imports);
  const file = (name: string) => project.getSourceFile(name)?.compilerNode;
  // Analysed again after each load, until it reaches no module it has not got (as transform() does).
  const analyse = () => {
    const sf = project.getSourceFileOrThrow(fileName).compilerNode;
    const analyzer = new Analyzer(project.getTypeChecker().compilerObject, file(MATH_FILE), file(DUAL_FILE), normalises);
    return { sf, analyzer, analysis: analyzer.analyzeModule(sf) };
  };
  let last: ReturnType<typeof analyse> | undefined;
  const loaded = loadModule(project, imports, fileName, code, candidateResolver(readFile), readFile, () => (last = analyse()).analyzer.unloaded);
  const { sf, analysis } = last ?? analyse();
  const functions: NumericFunction[] = [];
  const seen = new Set<NumericFunction>();
  // Derivative code made for a nested verb has no source to compare with, a defineFunction rule
  // runs the user's functions, which the plain module does not have (its verbs do nothing,
  // either), and a special function runs its package, which the plain module does not load: all
  // are left out, with every function reaching them (the fuzzer and the fixtures' closed forms
  // check those).
  const usesRule = new Map<NumericFunction, boolean>();
  const reachesRule = (fn: NumericFunction): boolean => {
    const known = usesRule.get(fn);
    if (known !== undefined) return known;
    usesRule.set(fn, false);
    let found = false;
    forEachExpr(fn.body, (e) => { if (e.k === 'custom' || e.k === 'special' || (e.k === 'call' && isDerivativeCode(e.fn))) found = true; });
    forEachCallee(fn, (c) => { if (reachesRule(c)) found = true; });
    usesRule.set(fn, found);
    return found;
  };
  const methods = new Map<NumericFunction, boolean>();
  const reachesMethod = (fn: NumericFunction): boolean => {
    const known = methods.get(fn);
    if (known !== undefined) return known;
    // (A static method is a member function, run bound to its class: plainExpression.)
    const ofClass = ts.isMethodDeclaration(fn.node) && ts.isClassLike(fn.node.parent) && !isStaticMethod(fn.node);
    methods.set(fn, ofClass);
    let found = ofClass;
    forEachCallee(fn, (c) => { if (reachesMethod(c)) found = true; });
    methods.set(fn, found);
    return found;
  };
  const add = (fn: NumericFunction): void => {
    if (seen.has(fn)) return;
    seen.add(fn);
    // A local function or a specialisation (closures.ts) takes the enclosing variables it reads as
    // parameters, and an applied factory its returned function's: neither has a source of that
    // shape to run on its own (their callers, which do, are compared).
    const declared = (fn.node as { parameters?: readonly ts.ParameterDeclaration[] }).parameters ?? [];
    const ownSource = fn.captured === undefined && fn.params.length === declared.length &&
      fn.params.every((p, i) => !ts.isIdentifier(declared[i].name) || declared[i].name.text === p.sourceName);
    // An arrow written inside another function is run from its text, where that function's local
    // functions are not in scope.
    let callsLocal = false;
    forEachCallee(fn, (c) => { if (c.captured !== undefined) callsLocal = true; });
    const fromText = !/^\(\) => [\w$]+(\.[\w$]+\.bind\([\w$]+\))?$/.test(plainExpression(fn));
    // A method of a class takes the instance as its first parameter (no source of that shape), and
    // a function calling one needs the instance's class, which the random records given to the
    // plain program lack: both are left out (the fixtures' closed forms check them).
    if (!isDerivativeCode(fn) && !reachesRule(fn) && ownSource && !(fromText && callsLocal) && !reachesMethod(fn)) functions.push(fn);
    forEachCallee(fn, add);
  };
  analysis.callSites.forEach((site) => add(site.fn));
  const files = new Map<string, string>([[sf.fileName, code]]);
  for (const [name, text] of loaded.inputs) if (text !== undefined) files.set(name, text);
  return { functions, diagnostics: analysis.diagnostics, files, resolutions: loaded.resolutions };
}

/** A lowered function as plain JavaScript: given the values of its captures, the function. */
export type PlainFunction = (captures: readonly Value[]) => (...args: Value[]) => Value;

const isStaticMethod = (node: ts.MethodDeclaration): boolean => ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;

/** Where the original of `fn` is, as an expression at the end of its module. */
function plainExpression(fn: NumericFunction): string {
  const node = fn.node as ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;
  if (ts.isFunctionDeclaration(node) && node.name && ts.isSourceFile(node.parent)) return `() => ${node.name.text}`;
  let holder: ts.Node = node.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && ts.isSourceFile(holder.parent.parent.parent)) return `() => ${holder.name.text}`;
  // A method of a module-level const object literal (members.ts): read from the object, bound to it, as it may read `this`.
  const member = ts.isMethodDeclaration(node) ? node : ts.isFunctionExpression(node) && ts.isPropertyAssignment(holder) ? holder : undefined;
  let object: ts.Node | undefined = member && ts.isObjectLiteralExpression(member.parent) ? member.parent.parent : undefined;
  while (object && (ts.isParenthesizedExpression(object) || ts.isAsExpression(object) || ts.isSatisfiesExpression(object))) object = object.parent;
  if (member && ts.isIdentifier(member.name) && object && ts.isVariableDeclaration(object) && ts.isIdentifier(object.name) && ts.isSourceFile(object.parent.parent.parent)) {
    return `() => ${object.name.text}.${member.name.text}.bind(${object.name.text})`;
  }
  // A static method of a module-level class (members.ts): read from the class, bound to it, as it may read `this`.
  const method: ts.Node = fn.node;
  if (ts.isMethodDeclaration(method) && isStaticMethod(method) && ts.isClassDeclaration(method.parent) && method.parent.name && ts.isSourceFile(method.parent.parent) && ts.isIdentifier(method.name)) {
    return `() => ${method.parent.name.text}.${method.name.text}.bind(${method.parent.name.text})`;
  }
  // Written elsewhere (at a call site, inside another function): its text, over the values it captures.
  const text = node.getText().replace(/^(export\s+)?(default\s+)?/, '');
  return `(${fn.captures.map((c) => c.sourceName).join(', ')}) => (${text})`;
}

const PLAIN_EXPORT = '__ddxPlainFunctions';

/** @ddx/dual replaced by one absorbing value: the module's own verb calls run, and do nothing. */
const stubModule = (): string => {
  const names = Object.keys(dual).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  return `const stub = new Proxy(function () {}, {
  get: (_, key) => (key === Symbol.toPrimitive ? () => NaN : key === 'then' ? undefined : stub),
  apply: () => stub,
  construct: () => stub,
});
${names.map((n) => `export const ${n} = stub;`).join('\n')}
export default stub;
`;
};

let loads = 0;

/**
 * A package the file imports (a special function from npm), where it resolves from the file's own
 * folder: the copy in the temporary folder has no node_modules of its own. Undefined for a file
 * that exists only in memory, or a package not installed there.
 */
function packageFrom(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.') || !fs.existsSync(file)) return undefined;
  try {
    return createRequire(file).resolve(specifier);
  } catch {
    return undefined;
  }
}

/**
 * The original of every lowered function, run as JavaScript: each file read is transpiled, with
 * an export of its lowered functions appended, and written to a temporary folder where its
 * relative imports lead to the other files' copies and `@ddx/dual` to a stub.
 */
export async function loadPlain(lowered: LoweredModule): Promise<Map<NumericFunction, PlainFunction>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddx-plain-'));
  try {
    const copyOf = new Map<string, string>();
    [...lowered.files.keys()].forEach((name, i) => copyOf.set(name, path.join(dir, `m${i}-${path.basename(name).replace(/\.\w+$/, '')}.mjs`)));
    const stub = path.join(dir, 'ddx-dual-stub.mjs');
    fs.writeFileSync(stub, stubModule());
    const byFile = new Map<string, NumericFunction[]>();
    for (const fn of lowered.functions) if (fn.fileName !== MATH_FILE) byFile.set(fn.fileName, [...(byFile.get(fn.fileName) ?? []), fn]);
    for (const [name, text] of lowered.files) {
      const fns = byFile.get(name) ?? [];
      const appended = `\nexport const ${PLAIN_EXPORT} = {\n${fns.map((fn) => `  ${fn.id}: ${plainExpression(fn)},`).join('\n')}\n};\n`;
      const js = ts.transpileModule(text + appended, {
        fileName: name,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
      }).outputText;
      const target = (specifier: string): string | undefined => {
        if (specifier === DUAL_MODULE) return stub;
        const resolved = lowered.resolutions.find((r) => r.importer === name && r.specifier === specifier)?.resolved;
        return resolved === undefined ? packageFrom(name, specifier) : copyOf.get(resolved);
      };
      const linked = js.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\2/g, (whole, lead: string, quote: string, specifier: string) => {
        const to = target(specifier);
        return to === undefined ? whole : `${lead}${quote}${pathToFileURL(to).href}${quote}`;
      });
      fs.writeFileSync(copyOf.get(name)!, linked);
    }
    const plain = new Map<NumericFunction, PlainFunction>();
    for (const [name, fns] of byFile) {
      const url = `${pathToFileURL(copyOf.get(name)!).href}?load=${loads++}`;
      const exports = ((await import(/* @vite-ignore */ url)) as Record<string, Record<number, (...captures: Value[]) => unknown>>)[PLAIN_EXPORT];
      for (const fn of fns) plain.set(fn, (captures) => exports[fn.id](...captures) as (...args: Value[]) => Value);
    }
    for (const fn of lowered.functions) {
      if (fn.fileName === MATH_FILE) plain.set(fn, () => (Math as unknown as Record<string, (...args: Value[]) => Value>)[fn.name]);
    }
    return plain;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---- random inputs -------------------------------------------------------------------------------

/** Values where JavaScript's arithmetic has its edges: signed zeros, the extremes, non-finite values, 32-bit and 53-bit limits. */
export const specialNumbers: readonly number[] = [
  0, -0, 0.5, -0.5, 1, -1, 2, -2, 3, Math.PI, 1e-300, -1e-300, 5e-324, 1e300, -1e300, Number.MAX_VALUE, Number.EPSILON,
  NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 0.5, 2 ** 53, -(2 ** 53) - 2, 1e6,
];

function numberFrom(rand: () => number): number {
  const r = rand();
  if (r < 0.5) return (rand() - 0.5) * 6;
  if (r < 0.7) return Math.floor(rand() * 9) - 3;
  return specialNumbers[Math.floor(rand() * specialNumbers.length)];
}

function valueFrom(kind: 'number' | 'array' | 'boolean', rand: () => number): Value {
  if (kind === 'boolean') return rand() < 0.5;
  if (kind === 'number') return numberFrom(rand);
  const length = rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 14);
  return Array.from({ length }, () => numberFrom(rand));
}

const copy = (v: Value): Value => (Array.isArray(v) ? [...v] : v instanceof Float64Array ? v.slice() : v);

/** A value as source text: -0, NaN and arrays are shown as written. */
export function show(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof Float64Array) return `Float64Array [${[...v].map(show).join(', ')}]`;
  if (v instanceof Error) return `throws ${v.name}: ${v.message}`;
  return String(v);
}

/** The same value to the last bit: Object.is per element, arrays of the same kind and length. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || a instanceof Float64Array) {
    if (Array.isArray(a) !== Array.isArray(b) || !(Array.isArray(b) || b instanceof Float64Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  return Object.is(a, b);
}

type Outcome = { value: Value } | { thrown: unknown };

const sameOutcome = (a: Outcome, b: Outcome): boolean => {
  if ('value' in a && 'value' in b) return sameValue(a.value, b.value);
  if ('thrown' in a && 'thrown' in b) {
    const [x, y] = [a.thrown, b.thrown];
    if (x instanceof Error && y instanceof Error) return x.name === y.name && x.message === y.message;
    return sameValue(x, y);
  }
  return false;
};

const showOutcome = (o: Outcome): string => ('value' in o ? show(o.value) : o.thrown instanceof Error ? show(o.thrown) : `throws ${show(o.thrown)}`);

export interface Comparison {
  /** Inputs on which both ran and were compared. */
  checked: number;
  /** Inputs the interpreter ran out of budget on (not judged). */
  skipped: number;
  /** One line per input where they differ. */
  mismatches: string[];
}

/**
 * `fn` interpreted and its original run as JavaScript on `trials` random inputs (its parameters'
 * and its captures' kinds), each on its own copies of the arrays; the arrays passed must also be
 * left the same by both.
 */
export function compareWithPlain(fn: NumericFunction, plain: PlainFunction, seed: number, trials: number): Comparison {
  const rand = mulberry32(seed);
  const result: Comparison = { checked: 0, skipped: 0, mismatches: [] };
  for (let t = 0; t < trials; t++) {
    const args = fn.params.map((p) => valueOf(p, rand));
    const captures = fn.captures.map((c) => valueOf(c, rand));
    const [argsI, capsI, argsJ, capsJ] = [args.map(copy), captures.map(copy), args.map(copy), captures.map(copy)];
    let interpreted: Outcome;
    try {
      interpreted = { value: interpret(fn, argsI, capsI) };
    } catch (e) {
      if (e instanceof BudgetExceeded) {
        result.skipped++;
        continue;
      }
      if (e instanceof Error && e.message.startsWith('interpret:')) throw e;
      interpreted = { thrown: e };
    }
    let js: Outcome;
    try {
      // A record parameter is an array of its numbers in the IR (scalarise.ts): JavaScript gets the
      // record of those numbers (a field past the array's end is undefined there too), and a record
      // returned is compared as the array of its numbers.
      // A rest parameter (`...xs: number[]`) is an array parameter in the IR: JavaScript gets its elements as arguments.
      const restAt = restParameterOf(fn) ? fn.params.length - 1 - (fn.captured?.length ?? 0) : -1;
      const passed = argsJ.flatMap((a, i) => (i === restAt && Array.isArray(a) ? a : [asShaped(fn.params[i], a)]));
      const value = plain(capsJ.map((_, i) => capturedValue(fn, i, capsJ)))(...passed);
      const returned = recordReturns.get(fn.node);
      // A matrix returned (matrixReturns) is compared in its layout, as the IR returns it.
      js = { value: returned ? numbersOf(returned, value) : matrixReturns.has(fn.node) && Array.isArray(value) ? matrixLayout(value as unknown as number[][]) as Value : value };
    } catch (e) {
      js = { thrown: e };
    }
    // A record read past the end of an array of records is undefined in JavaScript, and reading its
    // field throws; the strided layout reads undefined numbers there (documented in README.md).
    if ('thrown' in js && !('thrown' in interpreted) && js.thrown instanceof TypeError && recordPastTheEnd.test(js.thrown.message)) {
      result.skipped++;
      continue;
    }
    result.checked++;
    const call = `${fn.name}(${args.map(show).join(', ')})${captures.length ? ` capturing ${fn.captures.map((c, i) => `${c.sourceName} = ${show(captures[i])}`).join(', ')}` : ''}`;
    if (!sameOutcome(interpreted, js)) {
      result.mismatches.push(`${call}: interpreter ${showOutcome(interpreted)}, JavaScript ${showOutcome(js)}`);
    } else if (!argsI.every((a, i) => sameValue(a, argsJ[i])) || !capsI.every((a, i) => sameValue(a, capsJ[i]))) {
      result.mismatches.push(`${call}: the arguments differ afterwards: interpreter ${show([...argsI, ...capsI])}, JavaScript ${show([...argsJ, ...capsJ])}`);
    }
  }
  return result;
}

/** The TypeError of reading a field of `pts[i]` past the end of an array of records (V8's messages). */
const recordPastTheEnd = /^Cannot (?:read properties of undefined \(reading '[\w$]+'\)|destructure property '[\w$]+' of '.*' as it is undefined\.)$/;

/** A random value for a parameter or capture: an array of records has whole records (its length a multiple of the stride). */
function valueOf(v: Var, rand: () => number): Value {
  const value = valueFrom(v.kind, rand);
  if (matrices.has(v) && Array.isArray(value)) {
    // A matrix (laid out, scalarise.ts) of 2 or 3 rows of the numbers, cut at random (rows may be empty).
    const cuts = [0, ...Array.from({ length: 1 + Math.floor(rand() * 2) }, () => Math.floor(rand() * (value.length + 1))).sort((a, b) => a - b), value.length];
    return matrixLayout(cuts.slice(1).map((end, i) => value.slice(cuts[i], end)));
  }
  const records = recordArrayShapes.get(v);
  return records && Array.isArray(value) ? value.slice(0, value.length - (value.length % strideOf(records))) : value;
}

/**
 * What JavaScript gets for capture `i` of `fn` among the IR's values `captures`: as asShaped, but a
 * record with array fields (a const object literal of data: scalarise.ts, arrayFields) is laid out
 * as the record of its number fields, in its shape, and one capture per array field (`OB0_w`):
 * JavaScript gets that record with each array field set to its own capture's array (the same
 * array, so that what either writes is compared).
 */
function capturedValue(fn: NumericFunction, i: number, captures: readonly Value[]): Value {
  const v = fn.captures[i];
  const shaped = asShaped(v, captures[i]);
  const fields = arrayFields.get(v);
  if (!fields) return shaped;
  const record = shaped as unknown as Record<string, unknown>;
  for (const [name, field] of fields) {
    const j = fn.captures.indexOf(field);
    if (j < 0) throw new Error(`oracle: the array field '${name}' of the captured record '${v.sourceName}' of ${fn.name} is not among its captures`);
    record[name] = asShaped(field, captures[j]);
  }
  return record as unknown as Value;
}

/** What JavaScript gets for `a`, the IR's value of `v`: a record, an array of records (strided in the IR), or `a` itself. */
function asShaped(v: Var, a: Value): Value {
  if (matrices.has(v) && Array.isArray(a)) return matrixRowsOf(a) as unknown as Value;
  const records = recordArrayShapes.get(v);
  if (!records || !Array.isArray(a)) return asRecord(recordShapes.get(v), a);
  const stride = strideOf(records);
  return Array.from({ length: a.length / stride }, (_, k) => asRecord(records, a, k * stride)) as unknown as Value;
}

/** The record of `shape` holding the numbers of `a` (a record parameter's value); `a` itself when there is no shape. */
function asRecord(shape: RecordShape | undefined, a: Value, start = 0): Value {
  if (!shape || !Array.isArray(a)) return a;
  // A tuple of an array of tuples is an array of its numbers.
  if (shape.tuple) return a.slice(start, start + shape.fields.length);
  let k = start;
  const record: Record<string, unknown> = {};
  for (const f of shape.fields) {
    record[f.name] = f.shape ? asRecord(f.shape, a, k) : a[k];
    k += f.shape ? leafPaths(f.shape).length : 1;
  }
  return record as unknown as Value;
}

/** The numbers of a record of `shape`, in its layout (a record-valued function's value, as the IR returns it). */
function numbersOf(shape: RecordShape, record: unknown): Value {
  if (record === null || typeof record !== 'object') return record as Value;
  return leafPaths(shape).map((path) => path.reduce<unknown>((r, name) => (r as Record<string, unknown>)?.[name], record)) as Value;
}

/** A string's 32-bit FNV-1a hash: a seed that follows what it names, not where it sits in a batch. */
export function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface ModuleCheck {
  readonly lowered: LoweredModule;
  /** Per function compiled, in the order of `lowered.functions`. */
  readonly results: readonly (Comparison & { fn: NumericFunction })[];
}

/**
 * Every function `code` compiles, interpreted and run as JavaScript on `trials` inputs each; the
 * inputs of a function are drawn from `seedOf(fn)` (by default, from its name).
 */
export async function checkModule(code: string, fileName: string, readFile: ReadFile, trials: number,
  seedOf: (fn: NumericFunction) => number = (fn) => hashOf(fn.name), normalises = true): Promise<ModuleCheck> {
  const lowered = lowerModule(code, fileName, readFile, normalises);
  const plain = await loadPlain(lowered);
  return { lowered, results: lowered.functions.map((fn) => ({ fn, ...compareWithPlain(fn, plain.get(fn)!, seedOf(fn), trials) })) };
}
