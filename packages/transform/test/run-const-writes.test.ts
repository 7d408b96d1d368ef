/**
 * The test runner (run.ts) fails on generated code that writes a const. TypeScript's transpiler,
 * which it runs, lets such a write through, and at run time it throws only on the path that
 * writes (culori's `if (r === undefined) r = 0`, never taken for a record that has `r`); esbuild,
 * which bundlers run, refuses it at build time. Shape43's d86124d fixed such code in the compiler
 * (a name a destructuring parameter unpacks and the body assigns is a let); with this check
 * untyped-records.test.ts fails on d86124d^ rather than only the corpus build.
 */
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

describe('run: generated code that writes a const', () => {
  it('is refused, naming the const, even where the write never runs', async () => {
    const code = `export function f(o: { r?: number }): number { const { r } = o; if (r === undefined) r = 0; return r; }\nexport const y = f({ r: 2 });\n`;
    await expect(run(code)).rejects.toThrow(/writes a const: .*"r" is a constant/);
  });

  it('is refused in a module the generated code imports as well', async () => {
    const sibling = `export const k = (x: number): number => { const s = x; s += 1; return s; };\n`;
    await expect(run(`import { k } from './k.js';\nexport const y = 1;\n`, { 'k.ts': sibling })).rejects.toThrow(/"s" is a constant/);
  });

  it('runs the same code with a let', async () => {
    const m = await run(`export function f(o: { r?: number }): number { let { r } = o; if (r === undefined) r = 0; return r; }\nexport const y = f({});\n`);
    expect(m.y).toBe(0);
  });
});
