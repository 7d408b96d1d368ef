/** The unary operations of ops.ts are generated from the rules table; this fails when they were edited by hand. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { begin, end, opsPath, regenerate } from '../scripts/unary-ops.js';
import { ops, unaryNames } from '../src/index.js';

describe('the generated unary operations of ops.ts', () => {
  const source = readFileSync(opsPath, 'utf8');
  it('are what scripts/unary-ops.ts writes (run `pnpm --filter @ddx/dual gen:unary`)', () => {
    expect(regenerate(source) === source).toBe(true);
  });
  it('hold one operation per row and nothing else', () => {
    const region = source.slice(source.indexOf(begin), source.indexOf(end));
    const exported = [...region.matchAll(/^export const (\w+)/gm)].map((m) => m[1]).sort();
    expect(exported).toEqual([...unaryNames].sort());
    for (const name of unaryNames) expect((ops as unknown as Record<string, unknown>)[name]).toBeTypeOf('function');
  });
  it('detects a hand edit', () => {
    const edited = source.replace('rules.sin.df(v, y, numberAlgebra)', '(Math.cos(v))');
    expect(edited).not.toBe(source);
    expect(regenerate(edited) === edited).toBe(false);
  });
});
