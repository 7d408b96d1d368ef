/** Inline emitters for + - * / % **: product and quotient rules, powers (engine's order and conventions). */
import * as C from '../../../codegen/code.js';
import type { Code } from '../../../codegen/code.js';
import type { Expr } from '../../../analyze/ir.js';
import { sourceSnippet } from '../../primal.js';
import { ZERO, partNames, type InlineFunctionEmitter, type Operand, type Top } from '../context.js';
import { chainRule, unaryChain } from './math.js';
import { anyFlag, onlyIf } from '../perturbed.js';

export function binary(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'bin' }>): Top {
  if (e.op === '/' && cx.order === 2 && cx.act.isActive(e.b)) return hyperQuotient(cx, e);
  const a = cx.operand(e.a);
  const b = cx.operand(e.b);
  const mc = [a, b].filter((o) => o.t).every((o) => o.mc);
  const primal = C.binary(e.op, a.code, b.code);
  const p = anyFlag([a.p, b.p]);
  const direct = (tangent: (y: Code) => Code[], needsY = false): Top => ({ primal, tangent, needsY, mc, p: () => p });
  switch (e.op) {
    case '+': return direct(() => zip(a, b, C.add, (x) => x, (y) => y));
    case '-': return direct(() => zip(a, b, C.sub, (x) => x, C.neg));
    case '*': return direct(() => product(cx, a, b));
    case '/': return direct((q) => quotient(cx, a, b, q), b.t !== undefined);
    case '%': return direct((y) => chainRule(cx, [a, b], y,
      [C.atom('1'), C.neg(C.call(`${cx.mod.global('Math')}.trunc`, [C.div(a.code, b.code)]))], () => ZERO), b.t !== undefined);
    case '**': return direct((y) => power(cx, a, b, y, e.b), true);
  }
}

/**
 * `partial · t`, t a part of operand `o`: the engine has this term only when `o` is perturbed
 * (tested by its flag: a perturbed value may have exactly zero parts). NaN-safe mode guards a
 * zero part, as the engine's NaN-safe products do.
 */
function termOf(cx: InlineFunctionEmitter, partial: Code, t: Code, o: Operand): Code {
  if (o.p === false) return ZERO;
  return cx.mod.nanSafe ? C.guardedProduct(partial, t) : onlyIf(o.p, C.mul(partial, t));
}

/**
 * A part `t` of the operand `o` scaled by the inactive `c` (the engine's number times a dual):
 * no tangent at all when `o` is a constant, which matters when c is not a finite literal
 * (Infinity · 0 is NaN).
 */
function scaledPart(cx: InlineFunctionEmitter, t: Code, o: Operand, c: Operand, scale: (t: Code) => Code, harmless: boolean): Code {
  if (o.p === false) return ZERO;
  if (cx.mod.nanSafe) return C.guardedProduct(c.code, t);
  return harmless ? scale(t) : onlyIf(o.p, scale(t));
}

const isFinite = (o: Operand): boolean => o.literal !== undefined && Number.isFinite(o.literal);

/** (u v)' = u v'; second order adds the cross terms u₁v₂ + u₂v₁ (as the engine's mul). */
export function product(cx: InlineFunctionEmitter, a: Operand, b: Operand): Code[] {
  // A constant factor scales every part (guarded in NaN-safe mode, as the engine does).
  if (!a.t) return b.t!.map((t) => scaledPart(cx, t, b, a, (x) => C.mul(a.code, x), isFinite(a)));
  if (!b.t) return a.t.map((t) => scaledPart(cx, t, a, b, (x) => C.mul(x, b.code), isFinite(b)));
  const u = a.code, v = b.code, at = a.t, bt = b.t;
  const term = (partial: Code, t: Code, o: Operand): Code => termOf(cx, partial, t, o);
  if (cx.order === 1) return [C.add(term(u, bt[0], b), term(v, at[0], a))];
  // The engine has the cross terms a₁b₂ + a₂b₁ only when both factors are perturbed; NaN-safe
  // mode also guards a zero part of b.
  const notPerturbed = (o: Operand): Code[] => (o.p === true ? [] : [C.not(o.p as Code)]);
  const cross = (ai: Code, bj: Code): Code => {
    if (a.p === false || b.p === false) return ZERO;
    const tests = [...notPerturbed(a), ...(cx.mod.nanSafe ? [C.compare('===', bj, ZERO)] : notPerturbed(b))];
    const zero = [...new Map(tests.map((t) => [t.text, t])).values()];
    const product = C.mul(ai, bj);
    return zero.length === 0 ? product : C.conditional(zero.reduce((x, y) => C.logical('||', x, y)), ZERO, product);
  };
  return [
    C.add(term(u, bt[0], b), term(v, at[0], a)),
    C.add(term(u, bt[1], b), term(v, at[1], a)),
    C.add(C.add(term(u, bt[2], b), term(v, at[2], a)), C.add(cross(at[0], bt[1]), cross(at[1], bt[0]))),
  ];
}

/** A part of `a` divided by the constant b (no tangent at all when a is a constant too). */
function dividedPart(cx: InlineFunctionEmitter, t: Code, a: Operand, b: Operand): Code {
  const harmless = b.literal !== undefined && Number.isFinite(b.literal) && b.literal !== 0;
  if (a.p === false) return ZERO;
  return harmless ? C.div(t, b.code) : onlyIf(a.p, C.div(t, b.code));
}

/** (a/b)' = (a' - (a/b)·b') / b (first order; a constant denominator divides every part). */
export function quotient(cx: InlineFunctionEmitter, a: Operand, b: Operand, q: Code): Code[] {
  if (!b.t) return a.t!.map((t) => dividedPart(cx, t, a, b));
  // A perturbed b: the (a/b)·b' term even for a zero b' (NaN for b = 0), guarded in NaN-safe mode.
  const qb = cx.mod.nanSafe ? C.guardedProduct(q, b.t[0]) : C.mul(q, b.t[0]);
  const perturbed = C.div(a.t ? C.sub(a.t[0], qb) : C.neg(qb), b.code);
  if (b.p === true) return [perturbed];
  // A constant b of the engine only divides a's part (and a constant a has no tangent at all).
  const scaled = a.t ? dividedPart(cx, a.t[0], a, b) : ZERO;
  return [b.p === false ? scaled : C.conditional(b.p, perturbed, scaled)];
}

/**
 * Hyper-dual a / b has the parts of a · (1/b), the reciprocal mapped through its row, and the
 * value a / b (as the engine does). When b may be a constant of the engine (all parts zero), the
 * engine divides each part by b.
 */
export function hyperQuotient(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'bin' }>): Top {
  const a = cx.operand(e.a);
  const b = cx.operand(e.b);
  const mc = a.t ? a.mc && b.mc : b.mc;
  const p = anyFlag([a.p, b.p]);
  if (b.p === true) {
    const recip = reciprocal(cx, b, e.b);
    return { primal: C.div(a.code, b.code), tangent: () => product(cx, a, recip), needsY: false, mc, p: () => p };
  }
  const divided = (): Code[] => partNames.map((_, i) => (a.t ? dividedPart(cx, a.t[i], a, b) : ZERO));
  if (b.p === false) return { primal: C.div(a.code, b.code), tangent: divided, needsY: false, mc, p: () => p };
  const name = cx.names.numbered('quot');
  const parts = partNames.map((part) => cx.names.fresh(`${name}_${part}`));
  cx.line(`let ${[name, ...parts].map((n) => `${n}: number`).join(', ')}; // tangent of: ${sourceSnippet(e.node, cx.sf)}`);
  cx.line(`if (${C.not(b.p).text}) {`);
  cx.depth++;
  cx.line(`${name} = ${C.div(a.code, b.code).text};`);
  const constant = divided();
  parts.forEach((n, i) => cx.line(`${n} = ${constant[i].text};`));
  cx.depth--;
  cx.line('} else {');
  cx.depth++;
  const recip = reciprocal(cx, b, e.b);
  cx.line(`${name} = ${C.div(a.code, b.code).text};`);
  const quotient = product(cx, a, recip);
  parts.forEach((n, i) => cx.line(`${n} = ${quotient[i].text};`));
  cx.depth--;
  cx.line('}');
  return { primal: C.atom(name), tangent: () => parts.map(C.atom), needsY: false, mc, p: () => p };
}

/** 1/b as a hyper-dual: f' = -y², f'' = 2y³ with y = 1/b. */
export function reciprocal(cx: InlineFunctionEmitter, b: Operand, source: Expr): Operand {
  const name = cx.names.numbered('recip');
  cx.line(`const ${name} = 1 / ${C.wrap(b.code, C.Prec.mul + 1)};`);
  const r = C.atom(name);
  const d1 = C.neg(C.mul(r, r));
  const d2 = C.mul(C.atom('2'), C.mul(r, C.mul(r, r)));
  const parts = cx.declareTangent(name, unaryChain(cx, b, d1, d2), `1 / (${sourceSnippet(source.node, cx.sf)})`, 'const');
  return { code: r, t: parts.map(C.atom), mc: b.mc, p: true };
}

/** x ** p: see the engine's pow for the conventions (x ** 0 has derivative 0, 0 ** p w.r.t. p). */
export function power(cx: InlineFunctionEmitter, a: Operand, b: Operand, y: Code, exponent: Expr): Code[] {
  const x = a.code, p = b.code;
  const literal = literalValue(exponent);
  // x ** 0 = 1, x ** 1 = x and x ** 2 = x * x exactly (the exec tests compare with the engine's pow).
  const intPow = (k: number): Code => (k === 1 ? x : k === 2 ? C.mul(x, x) : C.binary('**', x, C.num(k)));
  const times = (c: number, k: number): Code => (k === 0 ? C.num(c) : c === 1 ? intPow(k) : C.mul(C.num(c), intPow(k)));
  const powDx = (): Code => literal !== undefined
    ? (literal === 0 ? ZERO : times(literal, literal - 1))
    : C.conditional(C.compare('===', p, ZERO), ZERO, C.mul(p, C.binary('**', x, C.sub(p, C.atom('1')))));
  const powDxx = (): Code => literal !== undefined
    ? (literal === 0 || literal === 1 ? ZERO : times(literal * (literal - 1), literal - 2))
    : C.conditional(C.logical('||', C.compare('===', p, ZERO), C.compare('===', p, C.atom('1'))), ZERO,
        C.mul(C.mul(p, C.sub(p, C.atom('1'))), C.binary('**', x, C.sub(p, C.atom('2')))));
  if (!b.t) {
    // x ** 0 too: its partial 0 times an infinite part of x is NaN in the engine.
    if (cx.order === 1) return [C.guardedProduct(cx.constant('partial', powDx()), a.t![0])];
    return chainRule(cx, [a], y, [powDx()], () => powDxx());
  }
  const log = C.call(`${cx.mod.global('Math')}.log`, [x]);
  const yIsZero = C.compare('===', y, ZERO);
  const dp = C.conditional(yIsZero, ZERO, C.mul(y, log));
  return chainRule(cx, [a, b], y, [a.t ? powDx() : ZERO, dp], (i, j) =>
    i === 0 && j === 0 ? powDxx()
    : i === 1 && j === 1 ? C.conditional(yIsZero, ZERO, C.mul(dp, log))
    : C.mul(C.binary('**', x, C.sub(p, C.atom('1'))), C.add(C.atom('1'), C.mul(p, log))));
}

/** Combines the tangents of a binary operation whose operands may be inactive. */
function zip(a: Operand, b: Operand, both: (x: Code, y: Code) => Code, onlyA: (x: Code) => Code, onlyB: (y: Code) => Code): Code[] {
  if (a.t && b.t) return a.t.map((t, i) => both(t, b.t![i]));
  if (a.t) return a.t.map(onlyA);
  return b.t!.map(onlyB);
}

/** The value of a numeric literal exponent (`2`, `-1`, `0.5`), or undefined for anything else. */
function literalValue(e: Expr): number | undefined {
  if (e.k === 'num' && /^[0-9.]/.test(e.text)) return Number(e.text.replace(/_/g, ''));
  if (e.k === 'neg') {
    const v = literalValue(e.a);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}
