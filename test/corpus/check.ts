/**
 * A compiled entry's results against its oracle: every verb at every point. Returns the
 * mismatches, described (empty: all agree within the stated tolerances of oracle.ts).
 */
import { direction, verbsFor } from './compile.js';
import type { Entry } from './entries.js';
import { referenceAt, tolerance } from './oracle.js';

type Results = Record<string, unknown[]>;

const matVec = (m: number[][], v: number[]) => m.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
const dot = (a: number[], v: number[]) => a.reduce((s, x, j) => s + x * v[j], 0);

/** The relative tolerance of a value of order `order`, from a closed form or from differences. */
const tol = (order: 0 | 1 | 2, closed: boolean) =>
  order === 0 ? 1e-12 : (closed ? tolerance.closed : tolerance.difference)[order === 1 ? 'first' : 'second'];

export function mismatches(entry: Entry, f: (x: never) => unknown, results: Results): string[] {
  const out: string[] = [];
  const expectedVerbs = verbsFor[entry.shape];
  if (Object.keys(results).join() !== expectedVerbs.join()) out.push(`${entry.id}: results for ${Object.keys(results).join()} instead of ${expectedVerbs.join()}`);
  entry.points.forEach((point, i) => {
    const ref = referenceAt(entry, f, point);
    const v = Array.isArray(point) ? direction(point.length) : [];
    const check = (verb: string, part: string, actual: unknown, expected: unknown, t: number) => {
      const xs = [actual].flat(2) as number[], ys = [expected].flat(2) as number[];
      const bad = xs.length !== ys.length || xs.some((x, k) => typeof x !== 'number' || !(Math.abs(x - ys[k]) <= t * Math.max(1, Math.abs(ys[k]))));
      if (bad) out.push(`${entry.id}: ${verb}${part} at ${JSON.stringify(point)} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)} (tolerance ${t} relative)`);
    };
    const first = ref.first, second = ref.second!;
    for (const verb of expectedVerbs) {
      const r = results[verb]?.[i] as Record<string, unknown> & number & number[];
      const t1 = tol(1, first.closed), t2 = tol(2, second?.closed ?? false);
      switch (verb) {
        case 'derivative': case 'gradient': case 'jacobian': check(verb, '', r, first.value, t1); break;
        case 'secondDerivative': case 'hessian': check(verb, '', r, second.value, t2); break;
        case 'valueAndDerivative':
          check(verb, '.value', r?.value, ref.value, tol(0, true)); check(verb, '.derivative', r?.derivative, first.value, t1); break;
        case 'valueAndDerivatives':
          check(verb, '.value', r?.value, ref.value, tol(0, true)); check(verb, '.first', r?.first, first.value, t1); check(verb, '.second', r?.second, second.value, t2); break;
        case 'valueAndGradient':
          check(verb, '.value', r?.value, ref.value, tol(0, true)); check(verb, '.gradient', r?.gradient, first.value, t1); break;
        case 'valueGradientHessian':
          check(verb, '.value', r?.value, ref.value, tol(0, true)); check(verb, '.gradient', r?.gradient, first.value, t1); check(verb, '.hessian', r?.hessian, second.value, t2); break;
        case 'valueAndJacobian':
          check(verb, '.value', r?.value, ref.value, tol(0, true)); check(verb, '.jacobian', r?.jacobian, first.value, t1); break;
        case 'jvp':
          check(verb, '', r, entry.shape === 'vector' ? dot(first.value as number[], v) : matVec(first.value as number[][], v), t1); break;
        case 'hvp': check(verb, '', r, matVec(second.value as number[][], v), t2); break;
        default: out.push(`${entry.id}: no oracle for ${verb}`);
      }
    }
  });
  return out;
}
