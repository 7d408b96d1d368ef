/**
 * The fuzz harness's comparison of modes and engines (fuzz/check.ts: agree, scaleOf, checkProgram):
 * one scale for both the inline ≡ dual ≡ run-time engine comparison and reverse ≡ inline, loose
 * enough for the rounding of a cancelling sum, tight enough for a wrong derivative. The modules
 * are written by hand (the results of each engine given), so what is judged is the harness alone.
 * Oracles: the closed forms of f and its gradient (f = a·x0 + b·x1 + c at points on the
 * half-integer grid, where finite differences are not consulted).
 */
import { describe, expect, it } from 'vitest';
import { agree, checkProgram, ENGINE_TOLERANCE, scaleOf, type ProgramModule } from '../fuzz/check.js';
import type { Program } from '../fuzz/program.js';

// Fuzz seed 1, run 16622 (its shrunk program): a Jacobian entry of 3.84e-9 beside a value of 2.0e-6,
// inline and the run-time engine 2e-12 apart relative (both within 1e-10 of the 50-digit value).
const A = 3.84e-9, B = -1.1e-9, C = 2.0e-6;
const point = [0.5, 1];
const f = (x0: number, x1: number): number => A * x0 + B * x1 + C;
const prog = { shape: 'params', n: 2, m: 1, points: [point], verbVariant: 3 } as unknown as Program;

const moduleGiving = (g: number[], v = f(point[0], point[1])): ProgramModule => {
  const results = () => [{ v: [v], g }];
  return { f: f as ProgramModule['f'], ad: results, rt: results };
};

/** checkProgram with inline's results exact and the dual mode's (and engine's) gradient `g`, at `largestTerm`. */
const judged = (g: number[], largestTerm?: number[], v?: number) =>
  checkProgram(prog, moduleGiving([A, B]), moduleGiving(g, v), largestTerm);

describe('the harness compares modes and engines at one scale (fuzz/check.ts)', () => {
  it('passes the rounding of run 16622: entries 2e-12 apart relative, at the scale of the value 2e-6', () => {
    const o = judged([A * (1 + 2e-12), B]);
    expect(o.details).toEqual([]);
    expect(o.status).toBe('ok');
    expect(o.engineChecks).toBeGreaterThan(0);
  });

  it('reports a derivative off by 1e-6 relative', () => {
    const o = judged([A * (1 + 1e-6), B]);
    expect(o.status).toBe('mismatch');
    expect(o.details.join('\n')).toMatch(/point 0 g\[0\]: inline 3\.84e-9 vs dual/);
  });

  it('reports it even where reverse mode added large terms at the point, up to ENGINE_TOLERANCE of them', () => {
    // A sum that cancels from terms of 1e3 is exact to 1e-13 of 1e3 = 1e-10, no finer: an error of 1e-9 is reported.
    expect(judged([A, B + 1e-9], [1e3]).status).toBe('mismatch');
    expect(judged([A, B + 1e-11], [1e3]).status).toBe('ok');
  });

  it('reports a wrong value, however close its derivative is', () => {
    const o = judged([A, B], undefined, C * (1 + 1e-9));
    expect(o.status).toBe('mismatch');
    expect(o.details.join('\n')).toMatch(/point 0 v\[0\]/);
  });

  it('scaleOf takes the largest finite value, first-order entry and term; second-order keys add the Hessian', () => {
    const r = { v: [2], g: [-3, Number.NaN], h: [50], jv: [7] };
    expect(scaleOf(r, 'g')).toBe(3);
    expect(scaleOf(r, 'jv')).toBe(7);
    expect(scaleOf(r, 'g', 10)).toBe(10);
    expect(scaleOf(r, 'h')).toBe(50);
    expect(scaleOf(r, 'g', Number.POSITIVE_INFINITY)).toBe(3);
  });

  it('agree: the same non-finite value only, and a finite difference within ENGINE_TOLERANCE of the scale plus the floor', () => {
    expect(agree(Number.NaN, Number.NaN, 1)).toBe(true);
    expect(agree(Number.NaN, 0, 1e300)).toBe(false);
    expect(agree(Number.POSITIVE_INFINITY, 1, 1e300)).toBe(false);
    expect(agree(1e-9, 1e-9 + 0.5 * ENGINE_TOLERANCE, 1)).toBe(true);
    expect(agree(1e-9, 1e-9 + 2 * ENGINE_TOLERANCE, 1)).toBe(false);
    expect(agree(0, 1e-15, 0, 1e-15)).toBe(true);
  });
});
