/**
 * Small code builders: expressions as text with their precedence, so parentheses are only
 * written where needed. `codeAlgebra` evaluates a rule of @ddx/dual's table on code, which is
 * how every derivative formula reaches the generated code (never re-typed here).
 */
import type { Algebra } from '@ddx/dual';
import { plainGlobals, type Globals } from '../emit/names.js';

/** Expression text with the precedence of its outermost operator (higher binds tighter). */
export interface Code {
  readonly text: string;
  readonly prec: number;
  /**
   * The generated locals the code reads that reverse mode's backward sweep may leave out (its
   * consts, made by `local`): the builders below carry them from operands to the code built, so
   * the sweep's liveness (emit/reverse/liveness.ts) reads them as data, never from the text.
   */
  readonly reads?: readonly string[];
  /**
   * Set where the code is built, never read off its text: 'name' for a variable, a constant or a
   * numeral (`x`, `Math.PI`, `2`), 'element' for an element read at one (`a[i]`). Emitters use
   * such code as it is where they would compute other code once, into a const.
   */
  readonly leaf?: 'name' | 'element';
  /** Set where the code is built: `Math.f(x)` of a leaf name `x`, reaching Math by its own name, is `f` (a const computing it is named so). */
  readonly mathOf?: string;
}

/** The `reads` of code built from `parts` (absent where none reads a generated local). */
function readsOf(parts: readonly Code[]): { reads?: readonly string[] } {
  const reads = parts.flatMap((p) => p.reads ?? []);
  return reads.length === 0 ? {} : { reads: [...new Set(reads)] };
}

export const Prec = {
  cond: 2, or: 3, and: 4, bitOr: 5, bitXor: 6, bitAnd: 7, eq: 8, rel: 9, shift: 10, add: 11, mul: 12, pow: 13, unary: 14, postfix: 15, call: 17, atom: 20,
} as const;

export const atom = (text: string): Code => ({ text, prec: Prec.atom });

/** A variable, a constant or a numeral, by its name or as written (a leaf: see `leaf`). */
export const name = (text: string): Code => ({ text, prec: Prec.atom, leaf: 'name' });

/** A generated local that a liveness analysis may leave out: its name, read (see `reads`). */
export const local = (name: string): Code => ({ text: name, prec: Prec.atom, reads: [name], leaf: 'name' });

/**
 * Code kept as written (a loop update, a driver's expression): as an operand it is parenthesised.
 * `parts`: the codes whose text it was written with (their `reads` are its own).
 */
export const verbatim = (text: string, ...parts: readonly Code[]): Code => ({ text, prec: 0, ...readsOf(parts) });

/** A numeric literal that reads back to exactly `c` (JS prints the shortest round-trip form). */
export function num(c: number, global: Globals = plainGlobals): Code {
  if (Number.isNaN(c)) return atom(global('NaN'));
  if (c === Infinity) return atom(global('Infinity'));
  if (c === -Infinity) return { text: `-${global('Infinity')}`, prec: Prec.unary };
  if (Object.is(c, -0)) return { text: '-0', prec: Prec.unary };
  return c < 0 ? { text: String(c), prec: Prec.unary } : name(String(c));
}

/** `c` wrapped in parentheses when it binds looser than `prec`. */
export function wrap(c: Code, prec: number): string {
  return c.prec < prec ? `(${c.text})` : c.text;
}

export function binary(op: string, a: Code, b: Code): Code {
  const prec = op === '+' || op === '-' ? Prec.add : op === '**' ? Prec.pow : Prec.mul;
  if (op === '**') {
    // `**` is right-associative and a unary operand on its left needs parentheses.
    return { text: `${wrap(a, Prec.postfix)} ** ${wrap(b, Prec.pow)}`, prec, ...readsOf([a, b]) };
  }
  // Left-associative: the right operand needs parentheses at equal precedence.
  return { text: `${wrap(a, prec)} ${op} ${wrap(b, prec + 1)}`, prec, ...readsOf([a, b]) };
}

export const add = (a: Code, b: Code): Code => binary('+', a, b);
export const sub = (a: Code, b: Code): Code => binary('-', a, b);
export const mul = (a: Code, b: Code): Code => binary('*', a, b);
export const div = (a: Code, b: Code): Code => binary('/', a, b);

export function neg(a: Code): Code {
  // `- -x` must not print as `--x`.
  const inner = wrap(a, Prec.unary);
  return { text: inner.startsWith('-') ? `-(${a.text})` : `-${inner}`, prec: Prec.unary, ...readsOf([a]) };
}

export function call(callee: string, args: Code[]): Code {
  return { text: `${callee}(${args.map((a) => a.text).join(', ')})`, prec: Prec.call, ...readsOf(args) };
}

/** `new ${array}(${length}).fill(${fill})`: `array` with its type argument (`Array<number>`). */
export function filledArray(array: string, length: Code, fill: Code): Code {
  return call(`new ${array}(${length.text}).fill`, [fill]);
}

export const arrayLiteral = (elems: readonly Code[]): Code => ({ ...atom(`[${elems.map((e) => e.text).join(', ')}]`), ...readsOf(elems) });

/** `array[index]` (a leaf where the index is a name or numeral). */
export const element = (array: string, index: Code): Code =>
  ({ text: `${array}[${index.text}]`, prec: Prec.postfix, ...readsOf([index]), ...(index.leaf === 'name' ? { leaf: 'element' } : {}) });

/** `Math.f(args)`, with `Math` reached as `global` says (see `mathOf`). */
export function mathCall(global: Globals, f: string, args: Code[]): Code {
  const named = global('Math') === 'Math' && args.length <= 1 && args.every((a) => a.leaf === 'name');
  return { ...call(`${global('Math')}.${f}`, args), ...(named ? { mathOf: f } : {}) };
}

export function conditional(test: Code, a: Code, b: Code): Code {
  return { text: `${wrap(test, Prec.cond + 1)} ? ${wrap(a, Prec.cond)} : ${wrap(b, Prec.cond)}`, prec: Prec.cond, ...readsOf([test, a, b]) };
}

export function compare(op: string, a: Code, b: Code): Code {
  const prec = op.startsWith('=') || op.startsWith('!') ? Prec.eq : Prec.rel;
  let right = wrap(b, prec + 1);
  // TypeScript reads `x < y > (z)` as a call `x<y>(z)` with type arguments, even when the `<` is
  // further left (`x < (y > (z))`, `f(x < y, z > (w))`): a `>` is never followed by `(`. Operands
  // are numbers here, for which a unary `+` (on the whole operand: `+(y) ** 2` is a syntax error)
  // changes nothing the comparison sees.
  if (op === '>' && right.startsWith('(')) right = `+${isOneGroup(right) ? right : `(${right})`}`;
  return { text: `${wrap(a, prec)} ${op} ${right}`, prec, ...readsOf([a, b]) };
}

/** Whether `text` is a single parenthesised group, `(…)` with its first parenthesis closed last. */
function isOneGroup(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

export function logical(op: '&&' | '||', a: Code, b: Code): Code {
  const prec = op === '&&' ? Prec.and : Prec.or;
  return { text: `${wrap(a, prec)} ${op} ${wrap(b, prec + 1)}`, prec, ...readsOf([a, b]) };
}

/** `a | b`, `a << b`, … (left-associative, each at its own precedence). */
export function bitwise(op: '|' | '&' | '^' | '<<' | '>>' | '>>>', a: Code, b: Code): Code {
  const prec = op === '|' ? Prec.bitOr : op === '^' ? Prec.bitXor : op === '&' ? Prec.bitAnd : Prec.shift;
  return { text: `${wrap(a, prec)} ${op} ${wrap(b, prec + 1)}`, prec, ...readsOf([a, b]) };
}

export const bitNot = (a: Code): Code => ({ text: `~${wrap(a, Prec.unary)}`, prec: Prec.unary, ...readsOf([a]) });

export const not = (a: Code): Code => ({ text: `!${wrap(a, Prec.unary)}`, prec: Prec.unary, ...readsOf([a]) });

/** The value of a plain numeric literal (`3`, `-0.5`), or undefined for any other code. */
export function literalValue(c: Code): number | undefined {
  if (!/^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/.test(c.text)) return undefined;
  return Number(c.text);
}

/** `t === 0 ? 0 : p * t`: an exactly zero tangent contributes exactly 0 (as the runtime's `scale`). */
export function guardedProduct(partial: Code, tangent: Code): Code {
  return conditional(compare('===', tangent, atom('0')), atom('0'), mul(partial, tangent));
}

/**
 * The rule table's algebra over code: `rules.sin.df(x, y, codeAlgebraWith(global))` is the text of
 * cos(x); `global` says how the code reaches Math and the other globals it reads.
 */
export function codeAlgebraWith(global: Globals): Algebra<Code> {
  const math = (name: string) => (a: Code): Code => mathCall(global, name, [a]);
  // Operations on two numeric literals are done here (the same IEEE operation the code would do).
  const fold = (op: (x: number, y: number) => number, build: (a: Code, b: Code) => Code) => (a: Code, b: Code): Code => {
    const x = literalValue(a), y = literalValue(b);
    return x !== undefined && y !== undefined ? num(op(x, y), global) : build(a, b);
  };
  return {
    constant: (c) => num(c, global),
    add: fold((x, y) => x + y, add), sub: fold((x, y) => x - y, sub), div: fold((x, y) => x / y, div),
    mul: fold((x, y) => x * y, (a, b) => (literalValue(a) === 1 ? b : literalValue(b) === 1 ? a : mul(a, b))),
    neg: (a) => (literalValue(a) !== undefined ? num(-literalValue(a)!, global) : neg(a)),
    log: math('log'), trunc: math('trunc'),
    // x ** 0 = 1 (also for NaN), x ** 1 = x and x ** 2 = x * x exactly.
    pow: (a, b) => {
      const p = literalValue(b);
      return p === 0 ? atom('1') : p === 1 ? a : p === 2 ? mul(a, a) : binary('**', a, b);
    },
    ifZero: (test, then, otherwise) => {
      const t = literalValue(test);
      if (t !== undefined) return t === 0 ? then : otherwise;
      return then.text === otherwise.text ? then : conditional(compare('===', test, atom('0')), then, otherwise);
    },
    share: (a) => a,
    sqrt: math('sqrt'), cbrt: math('cbrt'), exp: math('exp'), sin: math('sin'), cos: math('cos'),
    sinh: math('sinh'), cosh: math('cosh'),
    // The sign bit of `a` as ±1 (NaN for NaN), as @ddx/dual's `signBit`.
    signBit: (a) => {
      const x = wrap(a, Prec.rel + 1);
      return { text: `(${x} > 0 || ${global('Object')}.is(${a.text}, 0) ? 1 : ${x} === ${x} ? -1 : ${global('NaN')})`, prec: Prec.atom, ...readsOf([a]) };
    },
  };
}
