/**
 * Runs fuzz programs: renders a batch into one module (one transform() call per mode amortises
 * ts-morph), transforms it in both modes with an in-memory file map, runs the output, and checks
 *   inline ≡ dual mode ≡ the run-time engine on the ops twin   (1e-13 relative, or the same non-finite)
 *   and each derivative against Richardson finite differences    (finite-differences.ts);
 * and every function compiled, interpreted from its IR ≡ run as plain JavaScript   (oracle.ts).
 * A batch that fails to transform or to load is split until each failure has its own program.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ts } from 'ts-morph';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { firstPartial, secondPartial, type FdEstimate, type Vec } from './finite-differences.js';
import { checkModule, hashOf, type ModuleCheck } from './oracle.js';
import type { NumericFunction } from '../src/analyze/ir.js';
import type { Program } from './program.js';
import { DIRECTION, renderBatch, WEIGHTS } from './render.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dualEntry = pathToFileURL(path.resolve(here, '../../dual/src/index.ts')).href;

/** Random inputs per compiled function on which the IR interpreter must agree with the plain program. */
export const INTERPRETER_TRIALS = 20;

/** Engines agree within this relative distance. */
export const ENGINE_TOLERANCE = 1e-13;

export type Status = 'ok' | 'mismatch' | 'crash' | 'rejected' | 'unsafe';

export interface Outcome {
  p: number;
  status: Status;
  /** What went wrong (empty when ok). */
  details: string[];
  /** Derivative entries compared with finite differences. */
  fdChecks: number;
  /** Entries where the finite-difference estimate was unreliable (skipped). */
  fdSkipped: number;
  /** Engine comparisons made. */
  engineChecks: number;
  /** Points where the derivatives were not finite (engines compared, no finite differences). */
  nonFinite: number;
  /** Points with a coordinate on the half-integer grid (engines compared, no finite differences). */
  special: number;
  /** Inputs on which a compiled function, interpreted from its IR, was compared with the plain program. */
  interpreterChecks: number;
  /** Gradient (and Hessian) entries compared between reverse mode and inline mode. */
  reverseChecks?: number;
  /** The construct DDX1062 named where reverse mode left the program out (what it does not compile yet). */
  reverseLeftOut?: string;
  /** The generated code (both modes), for the safety scan. */
  generated?: string[];
}

/** Same number within `rel`, or the same non-finite value. */
export function close(a: number, b: number, rel = ENGINE_TOLERANCE): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Whether two engines' (or modes') results for one entry agree: the same number within
 * ENGINE_TOLERANCE relative to them, or within ENGINE_TOLERANCE of `scale` (scaleOf) plus `floor`, or
 * the same non-finite value.
 */
export function agree(x: number, y: number, scale: number, floor = 0): boolean {
  return close(x, y) || (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= ENGINE_TOLERANCE * scale + floor);
}

/** Keys of the results whose entries are second derivatives (check.ts compares them at their own scale). */
const SECOND_ORDER = new Set(['h', 'n', 'hv', 'hq', 'hvq']);

/**
 * The scale of an entry `key` at a point, for {@link agree}: the largest finite |value| and
 * |first-order entry| of the results there (and |second-order entry| for a second-order key), and
 * the largest |partial × adjoint| term reverse mode's backward sweep added at the point
 * (`largestTerm`, 0 where reverse mode did not run). Two modes or engines add the same terms in
 * other orders, so an entry that is a sum cancelling to far less than its terms is exact only to the
 * terms' rounding: ∂/∂y of Math.sin(Math.atan2(Math.sin(y), y)) at y = 1e-4 sums atan2's partials
 * ±5,000 to −1.2e-5, reverse and inline 6e-13 apart and both within 1e-12 of the 40-digit value
 * (fuzz seed 12041339, run 1787); Jacobian entries of 3.84e-9, inline and the engine 2e-12 apart
 * relative, both within 1e-10 of the 50-digit value (fuzz seed 1, run 16622). Every comparison of
 * modes and engines uses this one scale.
 */
export function scaleOf(r: Record<string, number[] | undefined>, key: string, largestTerm = 0): number {
  const keys = SECOND_ORDER.has(key) ? ['v', 'g', 'h', key] : ['v', 'g', key];
  let scale = Number.isFinite(largestTerm) ? Math.abs(largestTerm) : 0;
  for (const k of new Set(keys)) for (const x of r[k] ?? []) if (Number.isFinite(x) && Math.abs(x) > scale) scale = Math.abs(x);
  return scale;
}

const transpile = (code: string): string =>
  ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText
    .replace(/(['"])@ddx\/dual\1/g, JSON.stringify(dualEntry));

let runRoot: string | undefined;
let counter = 0;
/** A fresh directory under the system temp folder (removed by {@link cleanUp}). */
function freshDir(): string {
  runRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'ddx-fuzz-'));
  const dir = path.join(runRoot, `b${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

export function cleanUp(): void {
  if (runRoot) fs.rmSync(runRoot, { recursive: true, force: true });
  runRoot = undefined;
}

export interface ProgramModule {
  f: (...args: unknown[]) => number | number[];
  ad: () => Record<string, number[]>[];
  rt: () => Record<string, number[]>[];
}

type Entry = { prog: Program; p: number };

/** Transforms and loads a batch; on failure splits it, so every failure is pinned to one program. */
export async function runBatch(entries: Entry[]): Promise<Outcome[]> {
  const rendered = renderBatch(entries);
  const dir = `/fuzz/batch${counter}`;
  const files: Record<string, string> = { [`${dir}/helpers.ts`]: rendered.helpers };
  const readFile = (file: string): string | undefined => files[file];
  const loaded: Partial<Record<EmitMode, Record<string, ProgramModule>>> = {};
  const generated: string[] = [];
  const fail = async (status: Status, details: string[]): Promise<Outcome[]> => {
    if (entries.length > 1) {
      const out: Outcome[] = [];
      for (const e of entries) out.push(...(await runBatch([e])));
      return out;
    }
    return [{ p: entries[0].p, status, details, fdChecks: 0, fdSkipped: 0, engineChecks: 0, nonFinite: 0, special: 0, interpreterChecks: 0 }];
  };
  for (const mode of ['inline', 'dual'] as const) {
    let code: string;
    try {
      const r = transform(rendered.main, `${dir}/main.ts`, { mode, readFile, sourceMap: false });
      if (r.diagnostics.length > 0) return fail('rejected', [`${mode}: rejected a valid program:`, ...r.diagnostics.map(formatDiagnostic)]);
      if (!r.changed) return fail('rejected', [`${mode}: nothing rewritten`]);
      code = r.code;
    } catch (e) {
      return fail('crash', [`${mode}: transform threw: ${(e as Error).stack ?? String(e)}`]);
    }
    generated.push(code);
    try {
      const out = freshDir();
      fs.writeFileSync(path.join(out, 'helpers.js'), transpile(rendered.helpers));
      const file = path.join(out, 'main.js');
      fs.writeFileSync(file, transpile(mode === 'inline' ? withZeroPartialsRecorded(code) : code));
      loaded[mode] = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, ProgramModule>;
    } catch (e) {
      return fail('crash', [`${mode}: generated module did not load: ${(e as Error).message}`]);
    }
  }
  let meaning: ModuleCheck;
  try {
    meaning = await checkMeaning(rendered.main, `${dir}/main.ts`, readFile, entries);
  } catch (e) {
    return fail('crash', [`interpreter oracle: ${(e as Error).stack ?? String(e)}`]);
  }
  const reversed = await checkReverse(entries, loaded.inline!, readFile);
  return entries.map(({ prog, p }) => {
    const outcome = checkProgram(prog, loaded.inline![`p${p}`], loaded.dual![`p${p}`], reversed.get(p)?.largestTerm);
    outcome.p = p;
    const r = reversed.get(p);
    if (r) {
      outcome.reverseChecks = r.checks;
      if (r.leftOut !== undefined) outcome.reverseLeftOut = r.leftOut;
      if (r.details.length > 0) {
        outcome.status = outcome.status === 'ok' ? 'mismatch' : outcome.status;
        outcome.details.push(...r.details);
      }
    }
    generated.push(...(r?.code ? [r.code] : []));
    for (const r of meaning.results) {
      if (programOf(r.fn) !== p) continue;
      outcome.interpreterChecks += r.checked;
      if (r.mismatches.length === 0) continue;
      outcome.status = 'mismatch';
      outcome.details.push(...r.mismatches.slice(0, 3).map((m) => `interpreter ≢ JavaScript: ${m}`));
    }
    if (generated.some((g) => /\beval\b|\bFunction\s*\(|new\s+Function\b/.test(g))) {
      outcome.status = 'unsafe';
      outcome.details.push('generated code mentions eval or Function');
    }
    outcome.generated = generated;
    return outcome;
  });
}

/** The program a line of a rendered module belongs to: the number in the name of the last declaration above it. */
function programAtLine(text: string, line: number): number | undefined {
  const lines = text.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^(?:export )?(?:function|const|let) [A-Za-z]+_?(\d+)/.exec(lines[i]);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * Set by the reverse-mode modules the fuzzer loads: `met` when a partial ±∞ or NaN met a finite
 * nonzero adjoint (or a shared partial or term of the backward sweep was ±∞ or NaN), `zeroed` when a partial ±∞ or NaN met an exactly zero adjoint, or a partial exactly 0
 * met an adjoint ±∞ or NaN (and so contributed nothing), and `largestTerm[j]` the largest finite |partial × adjoint| while point j was computed
 * (`atPoint`, called by the rendered call sites before each point: render.ts).
 */
const reverseProducts = {
  met: false,
  zeroed: false,
  largestTerm: [] as number[],
  atPoint(): void { reverseProducts.largestTerm.push(0); },
  term(t: number): void {
    const at = reverseProducts.largestTerm.length - 1;
    if (at >= 0 && Number.isFinite(t) && Math.abs(t) > reverseProducts.largestTerm[at]) reverseProducts.largestTerm[at] = Math.abs(t);
  },
  shared(g: number): void {
    if (Number.isFinite(g)) reverseProducts.term(g);
    else reverseProducts.met = true;
  },
};
(globalThis as { ddxFuzzReverseProducts?: typeof reverseProducts }).ddxFuzzReverseProducts = reverseProducts;

/**
 * A generated module whose products of a partial and an adjoint (the ddxProduct helper) record
 * whether a partial was ±∞ or NaN while the adjoint was finite and nonzero, whether a partial ±∞ or
 * NaN met an exactly zero adjoint or a partial exactly 0 met an adjoint ±∞ or NaN (both products are
 * 0 in reverse mode; forward mode's value-0 × tangent-∞ is NaN: fuzz seed 25629, run 847), and the
 * largest finite product at the current point. A partial
 * that meets a literal adjoint (the seed 1: `d_b += g1`) is no call of ddxProduct: the backward
 * sweep's shared partials and terms (`const g1 = 0 / r21;`) are recorded too, a non-finite one as
 * if it met a nonzero adjoint (atan2(b − (b + a), 0) at 0: ∂/∂y = 0/0 reaches b along paths that
 * cancel, reverse NaN where inline mode's tangent b − b is exactly 0; fuzz seed 27708, run 886).
 */
export function withReverseProductsRecorded(code: string): string {
  const products = code.replace(/(function ddxProduct\w*\(partial: number, adjoint: number\): number \{\n)/g,
    '$1  const ddxFuzz = (globalThis as any).ddxFuzzReverseProducts;\n' +
    '  if (!Number.isFinite(partial) && adjoint !== 0 && Number.isFinite(adjoint)) ddxFuzz.met = true;\n' +
    '  if ((adjoint === 0 && !Number.isFinite(partial)) || (partial === 0 && !Number.isFinite(adjoint))) ddxFuzz.zeroed = true;\n' +
    '  ddxFuzz.term(partial * adjoint);\n');
  const shared = products.replace(/^(\s*)const (g\d+(?:_\d+)?) = [^\n]*;$/gm, '$&\n$1(globalThis as any).ddxFuzzReverseProducts.shared($2);');
  return shared;
}

/**
 * Set by the inline-mode modules the fuzzer loads when a literal zero partial (`Math.floor`'s,
 * `Math.sign`'s, …: the rule table's `zero`) met a tangent ±∞ or NaN, which makes the product NaN.
 * Reverse mode leaves such a partial out at compile time, so no ddxProduct call sees it: without
 * this flag, `Math.floor(Math.cbrt(x[0]))` at 0 (inline NaN, reverse 0: fuzz seed 5134, run 922)
 * would count as a mismatch, though it is the documented difference.
 */
const zeroPartials = { metNonFinite: false };
(globalThis as { ddxFuzzZeroPartials?: typeof zeroPartials }).ddxFuzzZeroPartials = zeroPartials;

/**
 * A generated inline module whose products of a literal zero partial and a tangent (`0 * dcbrt1`,
 * after `=`, `(`, `,`, `+`, `-`, `?` or `:`, so the product is an operand of its own) record a
 * tangent ±∞ or NaN; the value is the same product.
 */
export function withZeroPartialsRecorded(code: string): string {
  const recorded = code.replace(/(?<=[=(,+\-?:] )0 \* (d[\w$]*)\b(?!\s*[[.(])/g, 'ddxFuzzZeroTimes($1)');
  if (recorded === code) return code;
  return recorded + '\nfunction ddxFuzzZeroTimes(tangent: number): number {\n' +
    '  if (!Number.isFinite(tangent)) (globalThis as any).ddxFuzzZeroPartials.metNonFinite = true;\n' +
    '  return 0 * tangent;\n}\n';
}

/**
 * Gradient entries where the modes differ as the README's reverse-mode section documents: reverse
 * NaN and inline a number after an infinite partial met a nonzero adjoint, or inline NaN and
 * reverse a number or ±∞ after a non-finite partial met an exactly zero adjoint (`0 * Math.sqrt(x)`
 * at 0), a partial exactly 0 met an adjoint ±∞ or NaN, or a literal zero partial met a tangent ±∞
 * or NaN in inline code.
 */
export let documentedDifferences = 0;

/**
 * The absolute floor of the comparison of reverse with inline mode. The two modes add the same
 * terms in other orders, so where a gradient entry is a sum that cancels (cos(a − b)·(h′(b) − 1)
 * with h′(b) ≈ 1) they differ by a rounding of the terms, not of the result. The fuzzer's inputs
 * and constants are of order 1, and so are its terms: 1e-15 is about 4.5 ulps of 1 (fuzz seed 1,
 * runs 298 and 3855: 2.3e-16 and 2.8e-17 apart, on gradients of 3.5e-4 and 0).
 */
const REVERSE_FLOOR = 1e-15;

/**
 * The absolute floor of the comparison of the Hessian over reverse mode (the adjoint of the tangent
 * code, emit/reverse/hvp.ts) with inline mode's hyper-dual rows. Both apply the rule table's
 * second-order rows, but sum their terms in other orders. It was 1e-9 while reverse mode
 * differentiated the first-order rows' formulas instead (near a singular point their terms are large
 * and cancel: ∂²/∂y² of sin(atan2(y, y)) at y = −0.0007 summed terms of order 1e9 to −1.2e-10 where
 * the hyper-dual row gives exactly 0; fuzz seed 84471, run 289). Since reverse mode applies the
 * second-order rows too (the `partial` IR node), 1e-13 holds: seeds 4120612 and 7781203, 1,000 runs
 * each, 0 mismatches.
 */
const HESSIAN_FLOOR = 1e-13;

/**
 * Reverse mode on the programs with a vector input: their gradients (and values) by
 * `{ mode: 'reverse' }` ≡ inline mode's (ENGINE_TOLERANCE, or the same non-finite value); on those
 * returning an array, the Jacobian by rows ≡ inline mode's and vjp ≡ wᵀ·J (render.ts, reverseSites). A
 * program using what reverse mode does not compile yet (DDX1062) is left out, and the rest of the
 * batch transformed again; any other diagnostic is a failure of its program.
 */
interface ReverseOutcome {
  checks: number;
  details: string[];
  code?: string;
  leftOut?: string;
  /** Per point, the largest |partial × adjoint| term of the backward sweep (scaleOf). */
  largestTerm?: number[];
}

async function checkReverse(entries: Entry[], inline: Record<string, ProgramModule>, readFile: (file: string) => string | undefined):
  Promise<Map<number, ReverseOutcome>> {
  const out = new Map<number, ReverseOutcome>();
  let left = entries.filter(({ prog }) => prog.shape === 'params' || prog.shape === 'array' || prog.shape === 'arrayOut');
  for (let attempt = 0; attempt < 50 && left.length > 0; attempt++) {
    const rendered = renderBatch(left, true);
    const dir = `/fuzz/reverse${counter}`;
    const files: Record<string, string> = { [`${dir}/helpers.ts`]: rendered.helpers };
    let result;
    try {
      result = transform(rendered.main, `${dir}/main.ts`, { mode: 'inline', readFile: (f) => files[f] ?? readFile(f), sourceMap: false });
    } catch (e) {
      for (const { p } of left) out.set(p, { checks: 0, details: [`reverse: transform threw: ${(e as Error).stack ?? String(e)}`] });
      return out;
    }
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const skipped = new Set<number>();
      for (const d of errors) {
        const p = programAtLine(rendered.main, d.line);
        if (p === undefined) continue;
        skipped.add(p);
        if (d.code !== 'DDX1062') out.set(p, { checks: 0, details: [`reverse: rejected a valid program: ${formatDiagnostic(d)}`] });
        else if (!out.has(p)) out.set(p, { checks: 0, details: [], leftOut: d.message.replace(/ is not supported in reverse mode yet.*$/s, '') });
      }
      if (skipped.size === 0) {
        for (const { p } of left) out.set(p, { checks: 0, details: ['reverse: rejected the batch:', ...errors.map(formatDiagnostic)] });
        return out;
      }
      left = left.filter(({ p }) => !skipped.has(p));
      continue;
    }
    let loaded: Record<string, ProgramModule>;
    try {
      const where = freshDir();
      fs.writeFileSync(path.join(where, 'helpers.js'), transpile(rendered.helpers));
      const file = path.join(where, 'main.js');
      fs.writeFileSync(file, transpile(withReverseProductsRecorded(result.code)));
      loaded = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, ProgramModule>;
    } catch (e) {
      for (const { p } of left) out.set(p, { checks: 0, details: [`reverse: generated module did not load: ${(e as Error).message}`] });
      return out;
    }
    for (const { prog, p } of left) {
      const details: string[] = [];
      let checks = 0;
      reverseProducts.met = false;
      reverseProducts.zeroed = false;
      reverseProducts.largestTerm = [];
      const reverse = runThunk(loaded[`p${p}`].ad);
      const { met: metNonFinitePartial, zeroed: zeroedNonFinitePartial, largestTerm } = reverseProducts;
      zeroPartials.metNonFinite = false;
      const forward = runThunk(inline[`p${p}`].ad);
      const zeroPartialMetNonFinite = zeroPartials.metNonFinite;
      if (reverse instanceof Error) details.push(`reverse threw: ${reverse.message}`);
      else if (!(forward instanceof Error)) {
        const plain = asVec(prog, inline[`p${p}`].f);
        reverse.forEach((r, j) => {
          // First the value reverse mode computed (every variant gives one: render.ts, reverseSites)
          // against the plain program: a wrong value is reported as such, and no entry is excused as
          // a documented difference at a point whose value is wrong (a NaN gradient entry is the
          // documented difference only where reverse mode computed the same function).
          const value = plain(prog.points[j]);
          let valueMatches = r.v !== undefined && r.v.length === value.length;
          r.v?.forEach((x, i) => {
            checks++;
            if (close(x, value[i])) return;
            valueMatches = false;
            details.push(`point ${j} value[${i}]: reverse ${x} vs f = ${value[i]}`);
          });
          // Reverse mode sums in another order: agree at the point's scale (scaleOf: f, its gradient
          // and the largest term the adjoint code added; the Hessian's own entries too), never finer
          // than REVERSE_FLOOR (the Hessian over reverse mode, hvp.ts: HESSIAN_FLOOR).
          for (const key of ['v', 'g', 'h'] as const) {
            const scale = scaleOf(forward[j], key, largestTerm[j]);
            const near = (x: number, y: number): boolean => agree(x, y, scale, key === 'h' ? HESSIAN_FLOOR : REVERSE_FLOOR);
            const want = forward[j][key];
            if (!r[key] || !want) continue;
            r[key].forEach((x, i) => {
              checks++;
              if (near(x, want[i])) return;
              // The documented difference (README, reverse mode): an infinite partial times an
              // adjoint reaches an input along paths whose finite factors cancel (x0 − x0 under
              // Math.cbrt at 0): ∞ − ∞ in reverse mode, a zero tangent times ∞ in forward mode.
              // Or ±∞ in reverse mode where forward mode's tangent of the argument underflowed to
              // exactly 0 (a product of subnormals under Math.acosh at 1: the s1-r43 fixture).
              if (key !== 'v' && valueMatches && !Number.isFinite(x) && Number.isFinite(want[i]) && metNonFinitePartial) { documentedDifferences++; return; }
              // And the converse (README, reverse mode): a value exactly 0 times a partial ±∞ or NaN
              // (0 * Math.sqrt(x) at 0) is NaN in forward mode, nothing in reverse mode; so is a
              // literal zero partial times a tangent ±∞ (Math.floor(Math.cbrt(x)) at 0), which
              // reverse mode leaves out at compile time; in reverse mode the zero may be the partial
              // and the adjoint ±∞ (Horner's s·t at t = 0 under a nested derivative of hypot at the
              // origin: the s25629-r847 fixture). The Hessian over reverse mode is the
              // adjoint of the tangent code, so the same holds for its entries (the s5134-r922
              // fixture: ∂²/∂x0² of Math.floor(Math.cbrt(x0)) at 0, inline NaN, reverse 0). The
              // other terms of the entry may be ±∞ themselves, and reverse mode's entry with them
              // (the s15981-r197 fixture: Horner's s·t over t = tanh(−cbrt(x1)) at 0, whose first
              // s is the literal 0: inline 0·(−∞) = NaN, reverse +∞ from the later terms).
              if (key !== 'v' && valueMatches && !Number.isNaN(x) && Number.isNaN(want[i]) && (zeroedNonFinitePartial || zeroPartialMetNonFinite)) { documentedDifferences++; return; }
              details.push(`point ${j} ${key}[${i}]: reverse ${x} vs inline ${want[i]}`);
            });
          }
          // vjp (a program returning an array): wᵀ·J of inline mode's Jacobian where the column's
          // entries are finite (elsewhere one backward sweep and m rows meet ∞ in other orders),
          // within 1e-12 of Σ|wₖJₖᵢ| (as jvp's check) and REVERSE_FLOOR, or the documented
          // difference after an infinite partial; valueAndVjp's value is valueAndJacobian's, to the bit.
          const J = forward[j].g, vj = r.vj;
          if (vj && J) {
            vj.forEach((x, i) => {
              let want = 0, scale = 0;
              for (let k = 0; k * vj.length < J.length; k++) {
                want += WEIGHTS[k] * J[k * vj.length + i];
                scale += Math.abs(WEIGHTS[k] * J[k * vj.length + i]);
              }
              if (!Number.isFinite(scale)) return;
              checks++;
              if (close(x, want) || Math.abs(x - want) <= 1e-12 * Math.max(scale, largestTerm[j] ?? 0) + REVERSE_FLOOR) return;
              if (valueMatches && !Number.isFinite(x) && metNonFinitePartial) { documentedDifferences++; return; }
              details.push(`point ${j} vjp[${i}]: reverse ${x} vs wᵀJ of inline ${want}`);
            });
          }
          r.vv?.forEach((x, i) => {
            checks++;
            if (!Object.is(x, r.v?.[i])) details.push(`point ${j} valueAndVjp value[${i}]: ${x} vs valueAndJacobian's ${r.v?.[i]}`);
          });
        });
      }
      out.set(p, { checks, details, code: left.length === 1 ? result.code : undefined, largestTerm });
    }
    return out;
  }
  return out;
}

/** The program a lowered function belongs to: the number in the name of its top-level declaration (f3, h3_0, p3). */
function programOf(fn: NumericFunction): number | undefined {
  let n: ts.Node = fn.node;
  while (!ts.isSourceFile(n.parent)) n = n.parent;
  const name = ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) ? n.name?.text : ts.isVariableStatement(n) ? n.declarationList.declarations[0].name.getText() : undefined;
  const p = name && /^[A-Za-z]+(\d+)/.exec(name);
  return p ? Number(p[1]) : undefined;
}

/**
 * Every function the batch compiles, interpreted from its IR and run as plain JavaScript on
 * INTERPRETER_TRIALS inputs, drawn from the program (not its place in the batch), so a failure
 * replays alone.
 */
function checkMeaning(main: string, fileName: string, readFile: (file: string) => string | undefined, entries: Entry[]): Promise<ModuleCheck> {
  const seeds = new Map(entries.map(({ prog, p }) => [p, hashOf(JSON.stringify(prog))]));
  const next = new Map<number, number>();
  return checkModule(main, fileName, readFile, INTERPRETER_TRIALS, (fn) => {
    const p = programOf(fn) ?? -1;
    next.set(p, (next.get(p) ?? 0) + 1);
    return (seeds.get(p) ?? 0) + next.get(p)!;
  });
}

type Results = Record<string, number[]>[];

function runThunk(thunk: () => Results): Results | Error {
  try {
    return thunk();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Compares the three engines and the finite differences for one program. */
export function checkProgram(prog: Program, inline: ProgramModule, dual: ProgramModule, largestTerm: number[] = []): Outcome {
  const o: Outcome = { p: -1, status: 'ok', details: [], fdChecks: 0, fdSkipped: 0, engineChecks: 0, nonFinite: 0, special: 0, interpreterChecks: 0 };
  const engines = { inline: runThunk(inline.ad), dual: runThunk(dual.ad), runtime: runThunk(inline.rt) };
  for (const [name, r] of Object.entries(engines)) {
    if (r instanceof Error) {
      o.status = 'crash';
      o.details.push(`${name} threw: ${r.message}`);
    }
  }
  if (o.status !== 'ok') return o;
  const [a, d, rt] = [engines.inline, engines.dual, engines.runtime] as Results[];
  prog.points.forEach((pt, j) => {
    for (const key of Object.keys(a[j])) {
      const xs = a[j][key];
      for (const [other, name] of [[d[j][key], 'dual'], [rt[j][key], 'runtime']] as const) {
        if (!other || other.length !== xs.length) {
          o.details.push(`point ${j} ${key}: inline has ${xs.length} entries, ${name} ${other?.length}`);
          continue;
        }
        const scale = scaleOf(a[j], key, largestTerm[j]);
        xs.forEach((x, i) => {
          o.engineChecks++;
          if (!agree(x, other[i], scale)) o.details.push(`point ${j} ${key}[${i}]: inline ${x} vs ${name} ${other[i]}`);
        });
      }
    }
    checkAgainstFd(prog, inline.f, pt, a[j], o, j);
  });
  if (o.details.length > 0) o.status = 'mismatch';
  return o;
}

/**
 * Whether finite differences can judge a point. At a coordinate on the half-integer grid (0, ±0.5,
 * ±1…) the program's own constants and loop counters can tie with the input exactly: `x === 1`,
 * `max(i, x)`, `(x ** 2) || x` at 0 take a branch on a set of measure zero, where the derivative
 * follows the conventions of DESIGN.md (the path taken) and no difference quotient can see it.
 * Such points still compare the three engines, which is where their conventions must agree.
 */
export const isGeneric = (pt: number[]): boolean => pt.every((c) => !Number.isInteger(c * 2));

/** The plain function as a map from a point to its outputs (reading the program's data, if any). */
function asVec(prog: Program, f: ProgramModule['f']): Vec {
  const data = prog.data ? [prog.dataMatrix ? [[prog.data[0]], [...prog.data]] : [...prog.data]] : [];
  return (x) => {
    const input = prog.record ? Object.fromEntries(x.map((c, i) => [`c${i}`, c])) : [...x];
    const y = prog.shape === 'scalar' || prog.shape === 'params' ? f(...x, ...data) : f(input, ...data);
    return typeof y === 'number' ? [y] : Array.isArray(y) ? [...y] : Object.values(y as unknown as Record<string, number>);
  };
}

function checkAgainstFd(prog: Program, f: ProgramModule['f'], pt: number[], r: Record<string, number[]>, o: Outcome, j: number): void {
  const F = asVec(prog, f);
  const n = pt.length;
  const value = F(pt);
  const { g, h, v, jv, hv, hq, hvq, n: nested } = r;
  if (v) v.forEach((x, k) => { if (!close(x, value[k])) o.details.push(`point ${j} value[${k}]: ${x} vs f = ${value[k]}`); });
  const all = [...(g ?? []), ...(h ?? []), ...(nested ?? [])];
  if (all.some((x) => !Number.isFinite(x)) || value.some((x) => !Number.isFinite(x))) {
    o.nonFinite++;
    return;
  }
  if (!isGeneric(pt)) {
    o.special++;
    return;
  }
  /**
   * A disagreement counts only when steps 64 times smaller (`refine`) confirm it with a
   * trustworthy estimate: a function oscillating faster than the default steps can make the
   * extrapolations agree on a wrong value.
   */
  const judge = (what: string, ad: number, est: FdEstimate | null, k: number, refine: () => FdEstimate | null): void => {
    if (!est || !est.reliable[k]) {
      o.fdSkipped++;
      return;
    }
    const disagrees = (e: FdEstimate) => Math.abs(ad - e.value[k]) > e.tolerance[k];
    if (!disagrees(est)) {
      o.fdChecks++;
      return;
    }
    const fine = refine();
    if (!fine || !fine.reliable[k]) {
      o.fdSkipped++;
      return;
    }
    o.fdChecks++;
    if (disagrees(fine)) {
      o.details.push(`point ${j} ${what}: ad ${ad} vs finite differences ${fine.value[k]} (tolerance ${fine.tolerance[k].toExponential(2)}; ` +
        `${est.value[k]} with 64 times wider steps)`);
    }
  };
  const m = value.length;
  if (g) {
    for (let i = 0; i < n; i++) {
      const est = firstPartial(F, pt, i);
      const refine = () => firstPartial(F, pt, i, 1 / 64);
      for (let k = 0; k < m; k++) judge(`d f${k}/dx${i}`, g[k * n + i], est, k, refine);
    }
  }
  if (h) {
    for (let i = 0; i < n; i++) {
      for (let l = i; l < n; l++) {
        const est = secondPartial(F, pt, i, l);
        const refine = () => secondPartial(F, pt, i, l, 1 / 64);
        judge(`d2f/dx${i}dx${l}`, h[i * n + l], est, 0, refine);
        if (l !== i) judge(`d2f/dx${l}dx${i}`, h[l * n + i], est, 0, refine);
      }
    }
  }
  // The second derivative as a nested derivative (a scalar program's only entry), or the first
  // row of the Hessian as a gradient of a gradient's first component (an array program's).
  if (nested) nested.forEach((x, l) => judge(`d/dx${l} ${n === 1 ? 'derivative(f, x)' : 'gradient(f, x)[0]'}`, x, secondPartial(F, pt, 0, l), 0, () => secondPartial(F, pt, 0, l, 1 / 64)));
  // jvp and hvp: consistent with the (finite-difference-checked) Jacobian and Hessian.
  const dir = DIRECTION.slice(0, n);
  const product = (M: number[], row: number): { value: number; scale: number } => {
    let value = 0;
    let scale = 0;
    for (let i = 0; i < n; i++) {
      value += M[row * n + i] * dir[i];
      scale += Math.abs(M[row * n + i] * dir[i]);
    }
    return { value, scale };
  };
  // A directional sweep and the entrywise sweeps round differently; where the derivatives cancel
  // to about zero (sin(atan2(u, u)) is constant), their difference is rounding of the intermediate
  // partials, not of the products' scale: hence an absolute floor. The intermediate partials may
  // exceed the function's own scale: in atan2(a, sin(r·(r × w))) the triple product is identically
  // 0, but its second partials are sums of products of r's entries (about 4 there), each rounded,
  // times ∂atan2/∂b ≈ −1/a; the two Hessian sweeps then differ by 1.9e-15 at |f| = 1.57
  // (fixtures-fuzz/hvp-of-identically-zero-triple-product-rounds-at-function-scale). Ten rounding
  // errors of the function's scale are allowed; a wrong product is wrong by far more.
  //
  // Where the intermediate partials are far larger still, that floor is not enough: atan2(2a, a/(1 + b²))
  // is constant in a for a < 0, but at a = −0.0009 its second partials are sums of terms near 1/a² ≈ 10⁶,
  // and the Hessian's row and hvp, both exact zeros, round to −1.5e-11 and 5.8e-11
  // (fixtures-fuzz/oracle-hvp-rounding-of-partials-near-1-over-a-squared-s7387-r93). So the allowance
  // also holds ten times the noise measured at two points 2⁻⁴⁰ away (render.ts: probes), the largest
  // change of hvp − H·v there: rounding moves it by its own size, while a wrong hvp's error, a smooth
  // function of the point, moves by about 10⁻¹² of it and is still caught. (Not at a branch taken only
  // at the point, a tie the probes leave: an error there moves by its whole size and is allowed, as
  // finite differences cannot judge such a point either; the engines still compare it.)
  const floor = 1e-14 * Math.max(1, ...value.map(Math.abs));
  const noiseOf = (got: number[], M: number[], k: number, rows: number, gotAt?: number[], MAt?: number[]): number => {
    if (!gotAt || !MAt) return 0;
    const here = got[k] - product(M, k).value;
    let noise = 0;
    for (let q = 0; q * rows < gotAt.length; q++) {
      const there = gotAt[q * rows + k] - product(MAt.slice(q * M.length, (q + 1) * M.length), k).value;
      if (Number.isFinite(there)) noise = Math.max(noise, Math.abs(there - here));
    }
    return noise;
  };
  const consistent = (what: string, got: number[] | undefined, M: number[] | undefined, rows: number, gotAt?: number[], MAt?: number[]): void => {
    if (!got || !M) return;
    for (let k = 0; k < rows; k++) {
      const want = product(M, k);
      o.engineChecks++;
      const noise = noiseOf(got, M, k, rows, gotAt, MAt);
      if (Math.abs(got[k] - want.value) > 1e-12 * want.scale + floor + 10 * noise) o.details.push(`point ${j} ${what}[${k}]: ${got[k]} vs ${want.value}`);
    }
  };
  consistent('jvp', jv, g, m);
  consistent('hvp', hv, h, n, hvq, hq);
}
