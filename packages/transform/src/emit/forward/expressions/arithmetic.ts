/** Inline emitters for + - * / % **: product and quotient rules, powers (engine's order and conventions). */
import * as C from '../../../codegen/code.js';
import type { Code } from '../../../codegen/code.js';
import type { Expr } from '../../../analyze/ir.js';
import * as S from '../../../codegen/statements.js';
import type { Statement } from '../../../codegen/statements.js';
import { sourceSnippet } from '../../primal.js';
import { ZERO, partNames, type InlineFunctionEmitter, type Operand, type Top } from '../context.js';
import { binaryRules, reciprocalRule } from '@ddx/dual';
import { binaryChain, chainRule, unaryChain } from './math.js';

export function binary(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'bin' }>): Top {
  if (e.op === '/' && cx.order === 2 && cx.act.isActive(e.b)) return hyperQuotient(cx, e);
  const a = cx.operand(e.a);
  const b = cx.operand(e.b);
  const primal = C.binary(e.op, a.code, b.code);
  const direct = (tangent: (y: Code) => Code[], needsY = false): Top => ({ primal, tangent, needsY });
  switch (e.op) {
    case '+': return direct(() => zip(a, b, C.add, (x) => x, (y) => y));
    case '-': return direct(() => zip(a, b, C.sub, (x) => x, C.neg));
    case '*': return direct(() => product(a, b));
    case '/': return direct((q) => quotient(a, b, q), b.t !== undefined);
    case '%': return direct((y) => binaryChain(cx, binaryRules.mod, a, b, y), b.t !== undefined);
    case '**': return direct((y) => power(cx, a, b, y), true);
  }
}

/** A finite literal (an inactive operand): times an exactly zero part it already gives 0. */
const isFinite = (o: Operand): boolean => o.literal !== undefined && Number.isFinite(o.literal);

/** `partial · t`: an exactly zero part contributes nothing, unless the partial is a finite literal (then the product is 0 anyway). */
const scaled = (partial: Operand, t: Code): Code => (isFinite(partial) ? C.mul(partial.code, t) : C.guardedProduct(partial.code, t));

/**
 * (u v)' = u v' + v u' (guarded terms: a zero part contributes nothing); second order adds the
 * cross terms u₁v₂ + u₂v₁, as the engine's mul.
 */
export function product(a: Operand, b: Operand): Code[] {
  // A constant factor scales every part.
  if (!a.t) return b.t!.map((t) => scaled(a, t));
  if (!b.t) return a.t.map((t) => scaled(b, t));
  const u = a.code, v = b.code, at = a.t, bt = b.t;
  const term = C.guardedProduct;
  // ε1 of one factor times ε2 of the other: 0 when either part is exactly 0.
  const cross = (p: Code, q: Code): Code =>
    C.conditional(C.logical('||', C.compare('===', p, ZERO), C.compare('===', q, ZERO)), ZERO, C.mul(p, q));
  if (at.length === 1) return [C.add(term(u, bt[0]), term(v, at[0]))];
  return [
    C.add(term(u, bt[0]), term(v, at[0])),
    C.add(term(u, bt[1]), term(v, at[1])),
    C.add(C.add(term(u, bt[2]), term(v, at[2])), C.add(cross(at[0], bt[1]), cross(at[1], bt[0]))),
  ];
}

/** A part of `a` divided by the constant `b`: an exactly zero part stays 0 (1/b may be infinite). */
function dividedPart(t: Code, b: Operand): Code {
  const harmless = b.literal !== undefined && Number.isFinite(b.literal) && b.literal !== 0;
  return harmless ? C.div(t, b.code) : C.conditional(C.compare('===', t, ZERO), ZERO, C.div(t, b.code));
}

/** (a/b)' = (a' - (a/b)·b') / b, 0 when both tangents are exactly 0 (first order; a constant b divides each part of a). */
export function quotient(a: Operand, b: Operand, q: Code): Code[] {
  if (!b.t) return a.t!.map((t) => dividedPart(t, b));
  const bt = b.t[0];
  const qb = C.guardedProduct(q, bt);
  const bothZero = a.t ? C.logical('&&', C.compare('===', a.t[0], ZERO), C.compare('===', bt, ZERO)) : C.compare('===', bt, ZERO);
  const numerator = a.t ? C.sub(a.t[0], qb) : C.neg(C.mul(q, bt));
  return [C.conditional(bothZero, ZERO, C.div(numerator, b.code))];
}

/**
 * Hyper-dual a / b has the parts of a · (1/b), the reciprocal mapped through its row, and the
 * value a / b (as the engine does). Where all of b's parts are exactly 0, b contributes nothing:
 * each part of a is divided by b, as by a constant (the engine does the same).
 */
export function hyperQuotient(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'bin' }>): Top {
  const a = cx.operand(e.a);
  const b = cx.operand(e.b);
  const name = cx.names.numbered('quot');
  const parts = partNames.map((part) => cx.names.fresh(`${name}_${part}`));
  cx.emit(S.declare('let', [name, ...parts].map((n) => ({ name: n, type: 'number' })), cx.tangentOf(e.node)));
  const constant = b.t!.map((t) => C.compare('===', t, ZERO)).reduce((x, y) => C.logical('&&', x, y));
  const quotient = (partOf: (i: number) => Code): Statement[] => [S.assign(C.atom(name), C.div(a.code, b.code)), ...parts.map((n, i) => S.assign(C.atom(n), partOf(i)))];
  const then = quotient((i) => (a.t ? dividedPart(a.t[i], b) : ZERO));
  const otherwise = cx.collect(() => cx.scoped(() => {
    const recip = reciprocal(cx, b, e.b);
    const quotientParts = product(a, recip);
    for (const s of quotient((i) => quotientParts[i])) cx.emit(s);
  }));
  cx.emit({ k: 'if', test: constant, then: S.block(then), else: S.block(otherwise) });
  return { primal: C.atom(name), tangent: () => parts.map(C.atom), needsY: false };
}

/** 1/b as a hyper-dual: f' = -y², f'' = 2y³ with y = 1/b. */
export function reciprocal(cx: InlineFunctionEmitter, b: Operand, source: Expr): Operand {
  const name = cx.names.numbered('recip');
  cx.emit(S.declare('const', [{ name, init: C.div(C.atom('1'), b.code) }]));
  const r = C.atom(name);
  const d1 = reciprocalRule.df(b.code, r, cx.algebra);
  const d2 = reciprocalRule.d2f(b.code, r, cx.algebra);
  const parts = cx.declareTangent(name, unaryChain(cx, b, d1, d2), `1 / (${sourceSnippet(source.node, cx.sf)})`, 'const');
  return { code: r, t: parts.map(C.atom) };
}
/** x ** p through pow's row (x ** 0 has derivative 0, 0 ** p w.r.t. p: see rules.ts); a constant p uses x's partials only. */
export function power(cx: InlineFunctionEmitter, a: Operand, b: Operand, y: Code): Code[] {
  const rule = binaryRules.pow, M = cx.algebra, x = a.code, p = b.code;
  if (b.t) return binaryChain(cx, rule, a, b, y);
  if (cx.order === 1) return [C.guardedProduct(cx.constant('partial', rule.da(x, p, y, M)), a.t![0])];
  return chainRule(cx, [a], () => rule.da(x, p, y, M), () => rule.daa(x, p, y, M));
}

/** Combines the tangents of a binary operation whose operands may be inactive. */
function zip(a: Operand, b: Operand, both: (x: Code, y: Code) => Code, onlyA: (x: Code) => Code, onlyB: (y: Code) => Code): Code[] {
  if (a.t && b.t) return a.t.map((t, i) => both(t, b.t![i]));
  if (a.t) return a.t.map(onlyA);
  return b.t!.map(onlyB);
}
