/**
 * Equality warnings (DDX2001). An equality test of a value that depends on the input — `x === 1`,
 * `x !== 0`, `x == c`, `Object.is(x, c)`, a `case` of a `switch` on such a value — singles out one
 * exact point, and there the derivative follows the branch the test selects, as branches always
 * follow the primal: `if (x === 1) return 0;` has derivative 0 at x = 1, not the derivative of the
 * formula around it. That is the convention, but it is silent, so the compiler says it, once per
 * test.
 *
 * The functions are walked with the activity of the versions the emitters generate: a verb's
 * function with every parameter active, each callee (and boolean helper) with the arguments that
 * carry a tangent at its call. So a test of a counter, a length, data or a constant argument never
 * warns, and the warnings are the same whichever emit mode or verb compiles the function.
 *
 * Not warned: a test in the condition of an `if` whose only statement is a `throw` (an input guard
 * chooses between throwing and going on, never between two formulas), and `a !== a` / `a === a` on
 * one variable (a NaN test, not a point). A line is silenced by `// ddx-ignore-next-line equality`
 * on the line above it.
 */
import { ts } from 'ts-morph';
import { diagnosticAtNode, type Diagnostic } from '../diagnostics.js';
import { eachVersionOnce, ParamState } from './activity.js';
import type { Cond, Expr, NumericFunction, Stmt } from './ir.js';
import { forEachExpr } from './walk.js';
import { isDerivativeCode, isGeneratedTest } from './tangent.js';

/** The comment that silences ddx warnings on the next line: alone for all of them, or followed by their names. */
const ignoreNextLine = /\/[/*]\s*ddx-ignore-next-line\b(.*)$/;

/**
 * DDX2001 for every equality test of an active value in `entries` (the functions the verbs
 * differentiate) and what they call, and in what the derivative code called by `plainEntries`
 * differentiates (a solver a plain call runs: `derivative(f, x)` in it differentiates the f given).
 */
export function equalityWarnings(entries: readonly NumericFunction[], plainEntries: readonly NumericFunction[] = []): Diagnostic[] {
  const warnings = new Map<string, Diagnostic>();
  const visit = eachVersionOnce((fn, act, visit) => {
    const callee = (callee: NumericFunction, args: readonly Expr[]): void => {
      const p = act.patternOf(args);
      if (p.includes(ParamState.Active)) visit(callee, p);
    };
    const guards = new Set<Cond>();
    forEachExpr(fn.body, (e) => {
      if (e.k === 'call') callee(e.fn, e.args);
    }, (s) => {
      if (s.k === 'if' && s.else === undefined && onlyThrows(s.then)) forEachCond(s.test, (c) => guards.add(c));
    }, (c) => {
      if (c.k === 'predicate') callee(c.fn, c.args);
      if (guards.has(c) || !isEquality(c) || !(act.isActive(c.a) || act.isActive(c.b)) || isNaNTest(c)) return;
      const sf = c.node.getSourceFile();
      const start = c.node.getStart(sf);
      const at = `${sf.fileName}:${start}`;
      if (!warnings.has(at) && !silenced(sf, start)) warnings.set(at, diagnosticAtNode(c.node, 'DDX2001', messageFor(c)));
    });
  });
  for (const fn of entries) visit(fn, fn.params.map(() => ParamState.Active));
  // Plain code differentiates nothing itself; a derivative function it calls (x, …captures ↦ f′(x)) differentiates in x.
  const plainSeen = new Set<NumericFunction>();
  const plain = (fn: NumericFunction): void => {
    if (plainSeen.has(fn)) return;
    plainSeen.add(fn);
    const call = (callee: NumericFunction): void => {
      if (isDerivativeCode(callee)) visit(callee, callee.params.map((_, i) => (i === 0 ? ParamState.Active : ParamState.Inactive)));
      else plain(callee);
    };
    forEachExpr(fn.body, (e) => { if (e.k === 'call') call(e.fn); }, undefined, (c) => { if (c.k === 'predicate') call(c.fn); });
  };
  plainEntries.forEach(plain);
  return [...warnings.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

type Equality = Extract<Cond, { k: 'cmp' | 'same' }>;

const isEquality = (c: Cond): c is Equality => !isGeneratedTest(c) &&
  (c.k === 'same' || (c.k === 'cmp' && (c.op === '===' || c.op === '!==' || c.op === '==' || c.op === '!=')));

/** `x !== x`: true only for NaN. */
const isNaNTest = (c: Equality): boolean => c.a.k === 'var' && c.b.k === 'var' && c.a.v === c.b.v;

/** A branch that only throws (an input guard's). */
const onlyThrows = (body: readonly Stmt[]): boolean =>
  body.length === 1 && (body[0].k === 'throw' || (body[0].k === 'block' && onlyThrows(body[0].body)));

/** `c` and the conditions inside it (not those inside its expressions: a call's own tests are its own). */
function forEachCond(c: Cond, f: (c: Cond) => void): void {
  f(c);
  if (c.k === 'not') forEachCond(c.a, f);
  else if (c.k === 'logic' || c.k === 'iff') { forEachCond(c.a, f); forEachCond(c.b, f); }
  else if (c.k === 'choose') { forEachCond(c.test, f); forEachCond(c.a, f); forEachCond(c.b, f); }
}

/** Whether the line above `pos` holds `// ddx-ignore-next-line` (all warnings) or `// ddx-ignore-next-line equality`. */
function silenced(sf: ts.SourceFile, pos: number): boolean {
  const { line } = sf.getLineAndCharacterOfPosition(pos);
  if (line === 0) return false;
  const starts = sf.getLineStarts();
  const above = ignoreNextLine.exec(sf.text.slice(starts[line - 1], starts[line]).trimEnd());
  if (!above) return false;
  // After `--`, a reason for the reader.
  const names = above[1].replace(/\*\/.*$/, '').split('--')[0].split(/[\s,]+/).filter((n) => n !== '');
  return names.length === 0 || names.some((n) => n === 'equality' || n === 'DDX2001');
}

function messageFor(c: Equality): string {
  const text = c.node.getText();
  const shown = text.length > 40 ? `${text.slice(0, 37)}…` : text;
  const inCase = ts.isCaseClause(c.node.parent) && c.node.parent.expression === c.node;
  const test = inCase ? `'case ${shown}:' compares the switch's value, which depends on the input,` : `'${shown}' compares a value that depends on the input`;
  return `${test} for equality: where it holds exactly, the derivative is that of the branch it selects (0 for a constant returned there), ` +
    `not that of the formula around it; if this is intended, put '// ddx-ignore-next-line equality' on the line above`;
}
