/** Printing lowered expressions and conditions as plain number code (no tangents). */
import * as C from '../codegen/code.js';
import type { Code } from '../codegen/code.js';
import type { ts } from 'ts-morph';
import type { Cond, CustomRule, Expr, NumberTest, NumericFunction, SpecialFunction, Var } from '../analyze/ir.js';
import type { Globals } from './names.js';
import { desugared } from '../analyze/normalise.js';

/** The parameter type of a captured value in generated code (a captured array is read only). */
export const captureType = (c: Var, element = 'number'): string => (c.kind === 'array' ? `ArrayLike<${element}>` : c.kind === 'boolean' ? 'boolean' : element);

/** How the printer names things that differ between emit sites. */
export interface PrimalNames {
  /** The name to call for a plain (no tangent) evaluation of `fn`. */
  primalCallee(fn: NumericFunction): string;
  /** A module constant `fn` reads: by name in its own module, else its value. */
  constant(name: string, fn: NumericFunction): Code;
  /** How the generated code reaches a global (Math, Array, …). */
  readonly global: Globals;
  /** How the generated code of `caller` reaches a function made by defineFunction: its name here, or an import's. */
  rule(r: CustomRule, caller: NumericFunction): string;
  /** How the generated code of `caller` reaches the package's function of a special function: an import of its own. */
  special(f: SpecialFunction, caller: NumericFunction): string;
  /** @ddx/dual's `specialRules`, imported (the partials of special functions). */
  readonly specialRules: string;
}

/** A numeral, `Infinity`/`NaN`, a Math or Number constant, or a module constant. */
export function printNum(e: Extract<Expr, { k: 'num' }>, names: PrimalNames, fn: NumericFunction): Code {
  const text = e.text;
  if (e.value !== undefined) return C.name(text);
  if (text === 'Infinity' || text === 'NaN') return C.name(names.global(text));
  // An argument passed as undefined, or what a JavaScript function returns at its end: typed so
  // that it goes where a number (or a Real) does, as it does in the source (stripped in JavaScript).
  if (text === 'undefined') return C.atom(`(${names.global(text)} as never)`);
  if (text.startsWith('Math.')) return C.name(`${names.global('Math')}.${text.slice('Math.'.length)}`);
  if (text.startsWith('Number.')) return C.name(`${names.global('Number')}.${text.slice('Number.'.length)}`);
  return names.constant(text, fn);
}

export function printPrimal(e: Expr, names: PrimalNames, fn: NumericFunction): Code {
  const p = (x: Expr): Code => printPrimal(x, names, fn);
  switch (e.k) {
    case 'num': return printNum(e, names, fn);
    case 'var': return C.name(e.v.name);
    case 'elem': return C.element(e.arr.name, p(e.index));
    case 'len': return { text: `${e.arr.name}.length`, prec: C.Prec.postfix };
    case 'neg': return C.neg(p(e.a));
    case 'bin': return C.binary(e.op, p(e.a), p(e.b));
    case 'math': return C.mathCall(names.global, e.name, e.args.map(p));
    // Arrays are typed ArrayLike in generated code (typed arrays are passed too), which TypeScript does not spread.
    case 'mathOver': return C.call(`${names.global('Math')}.${e.name}`, [C.atom(`...(${e.arr.name} as number[])`)]);
    case 'call': return C.call(names.primalCallee(e.fn), e.args.map(p));
    case 'custom': return C.call(`${names.rule(e.rule, fn)}${e.derivative ? '.definition.df' : ''}`, e.args.map(p));
    case 'special': {
      const value = C.call(names.special(e.fn, fn), e.args.map(p));
      // (A partial of the Hessian's tangent code computes the value again: only its arguments are named.)
      return e.partial === undefined ? value : C.call(`${names.specialRules}.${e.fn.name}.partial`, [C.atom(String(e.partial)), value, ...e.args.map(p)]);
    }
    case 'cond': return C.conditional(printCond(e.test, names, fn), p(e.a), p(e.b));
    case 'bitwise': return C.bitwise(e.op, p(e.a), p(e.b));
    case 'bitnot': return C.bitNot(p(e.a));
    case 'boolean': return printCond(e.test, names, fn);
    case 'default': return desugared(e);
    case 'partial': return p(e.value);
  }
}

/** A thrown value as written, with the code of each value it reads (`print`: a primal value) in its place. */
export function printThrown(parts: readonly (string | Expr)[], print: (e: Expr) => Code): Code {
  return C.verbatim(parts.map((p) => (typeof p === 'string' ? p : C.wrap(print(p), C.Prec.postfix))).join(''));
}

/** `Number.isFinite(a)`, `isNaN(a)`, … on the code of a primal value, as written. */
export function printTest(test: NumberTest, a: Code, global: Globals): Code {
  const [owner, member] = test.split('.');
  return member === undefined ? C.call(global(owner as 'isNaN' | 'isFinite'), [a]) : C.call(`${global('Number')}.${member}`, [a]);
}

/** `a === 0 && b === 0 && …`: every part of a value is exactly 0. */
export const allZero = (parts: readonly Code[]): Code =>
  parts.map((x) => C.compare('===', x, C.atom('0'))).reduce((a, b) => C.logical('&&', a, b));

/** `Object.is(a, b)` on the code of primal values. */
export const printSame = (a: Code, b: Code, global: Globals): Code => C.call(`${global('Object')}.is`, [a, b]);

/**
 * A condition on primal values. `parts`: the value and tangent parts of an active operand, which
 * a zero-tangent guard (`zero`) tests all (derivative code differentiated again); without it, or
 * for an inactive operand, the guard tests the value alone.
 */
export function printCond(c: Cond, names: PrimalNames, fn: NumericFunction, operand?: (e: Expr) => Code, parts?: (e: Expr) => Code[]): Code {
  const p = operand ?? ((x: Expr): Code => printPrimal(x, names, fn));
  const q = (x: Cond): Code => printCond(x, names, fn, operand, parts);
  switch (c.k) {
    case 'cmp': return C.compare(c.op, p(c.a), p(c.b));
    case 'not': return C.not(q(c.a));
    case 'logic': return C.logical(c.op, q(c.a), q(c.b));
    case 'truthy': return p(c.a);
    case 'defined': return C.compare('!=', p(c.a), C.atom('null'));
    case 'bool': return C.atom(String(c.value));
    case 'test': return printTest(c.test, p(c.a), names.global);
    case 'same': return printSame(p(c.a), p(c.b), names.global);
    case 'zero': return allZero(parts?.(c.a) ?? [p(c.a)]);
    case 'flag': return C.atom(c.v.name);
    // Booleans are computed on primal values: the plain function is called.
    case 'predicate': return C.call(names.primalCallee(c.fn), c.args.map(p));
    case 'iff': return C.compare(c.op, q(c.a), q(c.b));
    case 'choose': return C.conditional(q(c.test), q(c.a), q(c.b));
  }
}

/** The source text of a node (or a text) on one line, shortened, for `// tangent of: …` comments. */
export function sourceSnippet(source: ts.Node | string, sf?: ts.SourceFile): string {
  // Only the start of a node's text is read (an expression may be 20,000 terms long), and the
  // file is given: finding it from a node walks up the whole tree.
  let text = source as string;
  if (typeof source !== 'string') {
    const file = sf ?? source.getSourceFile();
    const start = source.getStart(file);
    text = file.text.slice(start, Math.min(source.end, start + 240));
  }
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
