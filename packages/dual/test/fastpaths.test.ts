/**
 * The Dual fast paths (a Dual whose value and tangent are plain numbers, met by every unary row
 * and by + − × ÷ and `pow` with a constant exponent) must give the same bits as the general path.
 *
 * Oracle: the same operation on a nested Dual, `Dual(Dual(v, 0, inner), t, outer)`. Its value
 * is not a number, so every operation on it takes the general path (the rule row evaluated over
 * the generic algebra, the product and quotient rules over Reals), and the primal parts of its
 * results are computed by the same IEEE operations on the same numbers. So the fast result's
 * value and tangent must equal, bit for bit (`Object.is`, NaN matching NaN), the primal parts of
 * the nested result's value and tangent.
 */
import { describe, expect, it } from 'vitest';
import { Dual, newTag, ops, unaryNames, type Real } from '../src/index.js';

/** Points inside and outside the domains of the rows, signed zeros and a large value. */
const points = [-3.5, -1, -0.6, -0, 0, 1e-300, 0.25, 0.9, 1, 1.5, 2.75, 40];
const tangents = [1, 0, -2.5];

const primal = (x: Real): number => ops.primal(x);

/** [value, tangent] of a flat Dual result (a constant result has tangent 0). */
function flatParts(y: Real, tag: number): [number, number] {
  if (typeof y === 'number') return [y, 0];
  expect(y).toBeInstanceOf(Dual);
  expect(y.tag).toBe(tag);
  return [y.value as number, (y as Dual).tangent as number];
}
/** [value, tangent] primal parts of a nested Dual result. */
function nestedParts(y: Real, tag: number): [number, number] {
  if (typeof y === 'number') return [y, 0];
  expect(y.tag).toBe(tag);
  return [primal(y.value), primal((y as Dual).tangent)];
}
const sameBits = (a: [number, number], b: [number, number], what: string): void => {
  expect(Object.is(a[0], b[0]), `${what}: value ${a[0]} vs ${b[0]}`).toBe(true);
  expect(Object.is(a[1], b[1]), `${what}: tangent ${a[1]} vs ${b[1]}`).toBe(true);
};

/** A flat Dual and its nested twin, of one outer tag. */
function twins(v: number, t: number): { flat: Dual; nested: Dual; tag: number } {
  const inner = newTag(), tag = newTag();
  return { flat: new Dual(v, t, tag), nested: new Dual(new Dual(v, 0, inner), t, tag), tag };
}

describe('Dual fast paths are bit-identical to the general path', () => {
  it.each(unaryNames)('%s', (name) => {
    for (const v of points) for (const t of tangents) {
      const { flat, nested, tag } = twins(v, t);
      sameBits(flatParts(ops[name](flat), tag), nestedParts(ops[name](nested), tag), `${name}(${v} + ${t}ε)`);
    }
  });

  const binary = { add: ops.add, sub: ops.sub, mul: ops.mul, div: ops.div } as const;
  it.each(Object.keys(binary) as (keyof typeof binary)[])('%s: dual ∘ dual, dual ∘ number, number ∘ dual', (name) => {
    const op = binary[name];
    for (const u of points) for (const v of [-2, -0, 0, 0.5, 3]) for (const t of tangents) {
      const a = twins(u, t), tag = a.tag;
      // A second operand of the same outer tag, tangent 1 (and 0: a zero tangent contributes nothing).
      for (const bt of [1, 0]) {
        const inner = newTag();
        const bFlat = new Dual(v, bt, tag), bNested = new Dual(new Dual(v, 0, inner), bt, tag);
        const what = `${name}(${u} + ${t}ε, ${v} + ${bt}ε)`;
        sameBits(flatParts(op(a.flat, bFlat), tag), nestedParts(op(a.nested, bNested), tag), `${what}: duals`);
      }
      const what = `${name}(${u} + ${t}ε, ${v})`;
      sameBits(flatParts(op(a.flat, v), tag), nestedParts(op(a.nested, v), tag), `${what}: dual, number`);
      sameBits(flatParts(op(v, a.flat), tag), nestedParts(op(v, a.nested), tag), `${what}: number, dual`);
    }
  });

  // Squares and cubes take x·x for x^(p-1) on the fast path, where the general path computes
  // x ** (p - 1): both are exact for p = 2 and agree to the last bit only when x ** 2 is
  // correctly rounded, so those exponents are checked against x·x directly below.
  it('pow with a constant exponent', () => {
    for (const p of [0, 1, 0.5, -1, 2.5, 4, -3]) {
      for (const v of points) for (const t of tangents) {
        const { flat, nested, tag } = twins(v, t);
        sameBits(flatParts(ops.pow(flat, p), tag), nestedParts(ops.pow(nested, p), tag), `pow(${v} + ${t}ε, ${p})`);
      }
    }
  });

  it('pow(x, 2) and pow(x, 3): value x ** p, tangent p·x^(p-1)·t with x^(p-1) as x or x·x', () => {
    for (const v of points) for (const t of tangents) {
      const tag = newTag();
      sameBits(flatParts(ops.pow(new Dual(v, t, tag), 2), tag), [v ** 2, t === 0 ? 0 : 2 * v * t], `pow(${v} + ${t}ε, 2)`);
      sameBits(flatParts(ops.pow(new Dual(v, t, tag), 3), tag), [v ** 3, t === 0 ? 0 : 3 * (v * v) * t], `pow(${v} + ${t}ε, 3)`);
    }
  });
});
