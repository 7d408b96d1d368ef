/**
 * Bad arguments to the public functions are TypeErrors that name the function and the argument,
 * thrown before any work starts; transformAsync without a resolver uses the transformer's own.
 */
import { describe, expect, it } from 'vitest';
import { createTransformer, generateModule, transform } from '../src/index.js';

const source = `import { derivative } from '@ddx/dual';
import { g } from './g';
export const d = derivative((x: number) => g(x) * x, 1);
`;
const files: Record<string, string> = { '/p/g.ts': 'export function g(x: number): number { return Math.sin(x); }\n' };
const readFile = (f: string): string | undefined => files[f];

describe('argument checks', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['code missing', () => transform(undefined as never, '/p/a.ts'), /^transform: `code` must be the module's source text \(a string\), got undefined undefined$/],
    ['fileName a number', () => transform(source, 5 as never), /^transform: `fileName` must be the module's path \(a non-empty string\), got number 5$/],
    ['fileName empty', () => transform(source, ''), /`fileName` must be the module's path/],
    ['options not an object', () => transform(source, '/p/a.ts', 'inline' as never), /^transform: `options` must be an object/],
    ['mode misspelt', () => transform(source, '/p/a.ts', { mode: 'fast' as never }), /^transform: `options.mode` must be 'inline' or 'dual', got "fast"$/],
    ['unknown option', () => transform(source, '/p/a.ts', { modes: 'dual' } as never), /^transform: unknown option `modes` \(the options are mode, readFile, resolve, sourceMap, equalityWarnings\)$/],
    ['nanSafe', () => transform(source, '/p/a.ts', { nanSafe: true } as never), /`nanSafe` option is gone/],
    ['readFile not a function', () => transform(source, '/p/a.ts', { readFile: {} as never }), /^transform: `options.readFile` must be a function, got an object$/],
    ['sourceMap not boolean', () => transform(source, '/p/a.ts', { sourceMap: 'yes' as never }), /`options.sourceMap` must be true or false/],
    ['createTransformer options', () => createTransformer({ mode: 3 as never }), /^createTransformer: `options.mode` must be 'inline' or 'dual', got number 3$/],
    ['transformer.transform code', () => createTransformer().transform(null as never, '/p/a.ts'), /^transform: `code` must be .* got null$/],
    ['generateModule functions', () => generateModule(source, '/p/a.ts', { functions: 'f' as never }), /^generateModule: `options.functions` must be an array of function names/],
    ['generateModule outFile', () => generateModule(source, '/p/a.ts', { outFile: 1 as never }), /^generateModule: `options.outFile` must be a path/],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
    });
  }

  it('transformAsync rejects a resolver that is not a function, naming it', async () => {
    await expect(createTransformer({ readFile }).transformAsync(source, '/p/a.ts', 'node' as never)).rejects.toThrow(/^transformAsync: `resolve` must be a function/);
    await expect(createTransformer({ readFile }).transformAsync(42 as never, '/p/a.ts')).rejects.toThrow(/^transformAsync: `code` must be/);
  });

  it('transformAsync without a resolver follows imports as transform does', async () => {
    const t = createTransformer({ readFile });
    const sync = t.transform(source, '/p/a.ts');
    const async = await createTransformer({ readFile }).transformAsync(source, '/p/a.ts');
    expect(sync.diagnostics).toEqual([]);
    expect(async.diagnostics).toEqual([]);
    expect(async.changed).toBe(true);
    expect(async.code).toBe(sync.code);
    expect(async.dependencies).toEqual(['/p/g.ts']);
  });

  it('valid options pass', () => {
    expect(transform(source, '/p/a.ts', { readFile, mode: 'dual', sourceMap: false, equalityWarnings: false }).diagnostics).toEqual([]);
  });
});
