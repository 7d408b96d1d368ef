/**
 * Functions made by `defineFunction` inside compiled functions: differentiated with the given
 * derivatives (called at run time through the defined function), never through their body — which
 * may be code the transform cannot read at all (a package it does not follow, bit tricks).
 *
 * Oracles: closed forms (erf' = 2/√π·e^(−x²), erf'' = −2x·erf'), and a rule whose given derivative
 * differs from its body's, so only the rule gives the expected numbers. The golden fixture
 * `custom-rules` covers every verb in both modes and rules reached across modules and re-exports.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, generateModule, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const modes = ['inline', 'dual'] as const;

// erf by its Taylor series, with the sign read from the bits through a DataView: the package's code,
// which the transform never reads (a bare specifier leads nowhere for it).
const special = `const view = new DataView(new ArrayBuffer(8));
export function erf(x: number): number {
  view.setFloat64(0, x);
  const negative = (view.getUint8(0) & 0x80) !== 0;
  view.setUint8(0, view.getUint8(0) & 0x7f);
  const a = view.getFloat64(0);
  let term = a, sum = a;
  for (let n = 1; n < 60; n++) { term *= (-a * a) / n; sum += term / (2 * n + 1); }
  return (negative ? -1 : 1) * (2 / Math.sqrt(Math.PI)) * sum;
}
`;

const dErf = (x: number): number => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
const close = closeWithin(1e-14);

const transformed = (code: string, mode: EmitMode, fileName = '/virtual/main.ts', files: Record<string, string> = {}) => {
  const r = transform(code, fileName, { mode, readFile: (f) => files[f] });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return r;
};

describe('a rule for a function of a package the transform does not read', () => {
  const code = `import { defineFunction, derivative, secondDerivative, gradient, valueAndDerivative } from '@ddx/dual';
import { erf as erfOfPackage } from '#special';

const erf = defineFunction('erf', erfOfPackage, (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x),
  function d2erf(x) { return -2 * x * (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x); });

function scaled(x: number): number {
  return erf(3 * x) * x;
}
export const first = derivative(scaled, 0.2);
export const second = secondDerivative(scaled, 0.2);
export const both = valueAndDerivative(scaled, -0.3);
export const grad = gradient((a: number, b: number) => erf(a * b), [0.5, -1]);
`;
  for (const mode of modes) {
    it(`uses the given derivatives, not the package's code (${mode})`, async () => {
      const r = transformed(code, mode);
      const m = await run(r.code, { 'special.ts': special }, { '#special': './special.js' });
      // d/dx erf(3x)·x = 3x·erf'(3x) + erf(3x); d² = 6·erf'(3x) + 9x·erf''(3x).
      const erf = (await run(special)).erf as (x: number) => number;
      close(m.first as number, 3 * 0.2 * dErf(0.6) + erf(0.6));
      close(m.second as number, 6 * dErf(0.6) + 9 * 0.2 * (-2 * 0.6 * dErf(0.6)));
      expect((m.both as { value: number }).value).toBe(erf(-0.9) * -0.3);
      close((m.both as { derivative: number }).derivative, 3 * -0.3 * dErf(-0.9) + erf(-0.9));
      const [ga, gb] = m.grad as number[];
      close(ga, -1 * dErf(-0.5));
      close(gb, 0.5 * dErf(-0.5));
    });
  }

  it('the generated code imports nothing for a rule of its own module, and calls its derivatives', () => {
    const r = transformed(code, 'inline');
    expect(r.code).toContain('erf.definition.df(');
    expect(r.code).toContain('erf.definition.d2f!(');
    expect(r.code).not.toMatch(/from '\.\//);
  });
});

describe('a rule of another module', () => {
  const files = {
    '/virtual/lib/act.ts': `import { defineFunction } from '@ddx/dual';
const softplus = defineFunction('softplus', (x) => Math.log1p(Math.exp(x)), (x) => 1 / (1 + Math.exp(-x)));
export { softplus as smoothRelu };
export const hidden = defineFunction('hidden', (x) => x, () => 1);
export function layer(x: number): number { return smoothRelu2(x) * 2; }
const smoothRelu2 = softplus;
`,
    '/virtual/lib/index.ts': `export * from './act.js';\n`,
  };

  it('is imported by its exported name, rebased to the importing module (a JavaScript module too)', () => {
    const code = `import { derivative } from '@ddx/dual';\nimport { smoothRelu } from './lib/index.js';\nexport const d = derivative((x) => smoothRelu(x) * x, 1);\n`;
    for (const fileName of ['/virtual/main.ts', '/virtual/main.js']) {
      const r = transformed(code, 'inline', fileName, files);
      expect(r.code).toContain("import { smoothRelu as softplus2 } from './lib/act.js';");
      expect(r.dependencies).toContain('/virtual/lib/act.ts');
    }
  });

  it('runs: the import reaches the same rule (both modes)', async () => {
    const code = `import { derivative } from '@ddx/dual';\nimport { smoothRelu } from './lib/index.js';\nexport const d = derivative((x: number) => smoothRelu(x) * x, 1);\n`;
    const siblings = { 'lib/act.ts': files['/virtual/lib/act.ts'], 'lib/index.ts': files['/virtual/lib/index.ts'] };
    for (const mode of modes) {
      const m = await run(transformed(code, mode, '/virtual/main.ts', files).code, siblings);
      close(m.d as number, 1 / (1 + Math.exp(-1)) + Math.log1p(Math.E));
    }
  });

  it('an unexported rule is diagnosed (DDX1020), as is a second-order verb on a rule without d2f', () => {
    const privateRule = `import { derivative } from '@ddx/dual';\nimport { layer } from './lib/act.js';\nexport const d = derivative(layer, 1);\n`;
    const layerNote = { ...files, '/virtual/lib/act.ts': files['/virtual/lib/act.ts'].replace('const smoothRelu2 = softplus;', 'const smoothRelu2 = defineFunction(\'s\', Math.sin, Math.cos);') };
    const d = transform(privateRule, '/virtual/main.ts', { readFile: (f) => layerNote[f as keyof typeof layerNote] }).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['DDX1020']);
    expect(d[0].message).toMatch(/'smoothRelu2' \(made by defineFunction in act\.ts\) is not exported.*export it from act\.ts/);
  });
});

describe('a rule of the module the code is generated in', () => {
  it('is imported from there when a function copied from another module hides its name', () => {
    const files = { '/virtual/model.ts': `import { softplus as sp } from './main.js';\nexport function g(softplus: number): number { return sp(softplus) * 2; }\n` };
    const code = `import { defineFunction, derivative } from '@ddx/dual';\nimport { g } from './model.js';\nexport const softplus = defineFunction('softplus', (x) => Math.log1p(Math.exp(x)), (x) => 1 / (1 + Math.exp(-x)));\nfunction h(x: number): number { return softplus(x) + g(x); }\nexport const d = derivative(h, 1);\n`;
    for (const mode of modes) {
      const r = transformed(code, mode, '/virtual/main.ts', { ...files, '/virtual/main.ts': code });
      expect(r.code).toContain("import { softplus as softplus2 } from './main.js';");
      // h, of this module, calls it by its name; g's copy, whose parameter is named softplus, through the import.
      expect(r.code).toMatch(/\bsoftplus\((x|ops)/);
      expect(r.code).toMatch(/softplus2\(softplus\)/);
    }
  });
});

describe('second order needs d2f', () => {
  const code = (verb: string, point: string) => `import { defineFunction, ${verb} } from '@ddx/dual';
const cube = defineFunction('cube', (x) => x * x * x, (x) => 3 * x * x);
function f(x: number[]): number { return cube(x[0]) * x[1]; }
function g(x: number): number { return cube(x); }
export const r = ${verb}(${verb === 'secondDerivative' ? 'g' : 'f'}, ${point});
`;
  for (const mode of modes) {
    it(`a build-time diagnostic names the function and says to pass d2f (${mode})`, () => {
      for (const [verb, point] of [['secondDerivative', '1'], ['hessian', '[1, 2]'], ['hvp', '[1, 2], [1, 0]']]) {
        const d = transform(code(verb, point).replace(`, [1, 0])`, `, [1, 0])`), '/virtual/main.ts', { mode }).diagnostics;
        expect(d.map((x) => x.code), verb).toEqual(['DDX1020']);
        expect(d[0].message).toMatch(new RegExp(`${verb} needs the second derivative of 'cube'.*pass the second derivative as its fourth argument: defineFunction\\(name, f, df, d2f\\)`));
      }
    });
    it(`first-order verbs compile without d2f (${mode})`, async () => {
      const r = transformed(code('gradient', '[2, 5]'), mode);
      expect((await run(r.code)).r).toEqual([3 * 4 * 5, 8]);
    });
  }
});

describe('what the transform cannot read suggests a rule', () => {
  it('a function of a package, bit tricks through typed-array views and DataViews', () => {
    const cases = [
      `import { erf } from 'special-functions';\nfunction f(x: number): number { return erf(x) * x; }`,
      `function f(x: number): number { const b = new Float64Array(1); const u = new Uint32Array(b.buffer); b[0] = x; return b[0] * u[1]; }`,
      `const view = new DataView(new ArrayBuffer(8));\nfunction f(x: number): number { view.setFloat64(0, x); return x; }`,
      `declare function erf(x: number): number;\nfunction f(x: number): number { return erf(x) * x; }`,
    ];
    for (const c of cases) {
      const d = transform(`import { derivative } from '@ddx/dual';\n${c}\nexport const d = derivative(f, 1);\n`, '/virtual/main.ts').diagnostics;
      expect(d.length, c).toBe(1);
      expect(d[0].message, c).toMatch(/defineFunction\('g', f, df, d2f\)/);
    }
    const direct = transform(`import { derivative } from '@ddx/dual';\nimport { erf } from 'special-functions';\nexport const d = derivative(erf, 1);\n`, '/virtual/main.ts').diagnostics;
    expect(direct[0].message).toMatch(/defineFunction\('erf', erf, derf, d2erf\)/);
  });
});

describe('lowering a call of a rule', () => {
  it('takes one argument', () => {
    const code = `import { defineFunction, derivative } from '@ddx/dual';\nconst s = defineFunction('s', Math.sin, Math.cos);\nfunction f(x: number): number { return (s as any)(x, 2); }\nexport const d = derivative(f, 1);\n`;
    expect(transform(code, '/virtual/main.ts').diagnostics.map((d) => d.code)).toEqual(['DDX1006']);
  });
  it('is recognised only as a module-level const, and says so', () => {
    const code = `import { defineFunction, derivative } from '@ddx/dual';\nlet s = defineFunction('s', Math.sin, Math.cos);\nfunction f(x: number): number { return s(x) * x; }\nexport const d = derivative(f, 1);\n`;
    const d = transform(code, '/virtual/main.ts').diagnostics;
    expect(d.map((x) => x.code)).toEqual(['DDX1006']);
    expect(d[0].message).toMatch(/'s' is made by defineFunction, but the transform uses such a rule only when it is a module-level const/);
  });
  it('second order in a JavaScript module (types stripped from the generated code)', async () => {
    const code = `import { defineFunction, secondDerivative } from '@ddx/dual';\nconst s = defineFunction('s', Math.sin, Math.cos, (x) => -Math.sin(x));\nfunction f(x) { return s(x) * x; }\nexport const d = secondDerivative(f, 0.5);\n`;
    for (const mode of modes) {
      const m = await run(transformed(code, mode, '/virtual/main.js').code);
      expect(m.d).toBe(-Math.sin(0.5) * 0.5 + 2 * Math.cos(0.5));
    }
  });
  it('is a number in a condition, evaluated on primal values', async () => {
    const code = `import { defineFunction, derivative } from '@ddx/dual';\nconst s = defineFunction('s', Math.sin, Math.cos, (x) => -Math.sin(x));\nfunction f(x: number): number { return s(x) > 0.5 ? s(x) * x : x; }\nexport const d = [derivative(f, 1), derivative(f, 0.1)];\n`;
    for (const mode of modes) {
      const m = await run(transformed(code, mode).code);
      expect(m.d).toEqual([Math.cos(1) * 1 + Math.sin(1), 1]);
    }
  });
});

describe('ddx gen', () => {
  const code = `import { defineFunction } from '@ddx/dual';
export const s = defineFunction('s', Math.sin, Math.cos, (x) => -Math.sin(x));
export function f(x: number): number { return s(x) * x; }
`;
  it('imports a rule of the source module, relative to the file it writes', async () => {
    const r = generateModule(code, '/virtual/model.ts', { functions: ['f'], outFile: '/virtual/model.ddx.ts' });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.code).toMatch(/^import \{ s as s2 \} from '\.\/model\.js';$/m);
    const m = await run(r.code, { 'model.ts': code });
    expect((m.f_derivative as (x: number) => number)(0.5)).toBe(Math.cos(0.5) * 0.5 + Math.sin(0.5));
    expect((m.f_secondDerivative as (x: number) => number)(0.5)).toBe(-Math.sin(0.5) * 0.5 + 2 * Math.cos(0.5));
  });
  it('without outFile, or for a rule the module does not export, DDX1020 names the rule', () => {
    const unknown = generateModule(code, '/virtual/model.ts', { functions: ['f'] });
    expect(unknown.diagnostics.map((d) => d.code)).toEqual(['DDX1020']);
    expect(unknown.diagnostics[0].message).toMatch(/calls 's'.*pass generateModule its outFile/);
    const hidden = generateModule(code.replace('export const s', 'const s'), '/virtual/model.ts', { functions: ['f'], outFile: '/virtual/model.ddx.ts' });
    expect(hidden.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/'s' \(made by defineFunction in model\.ts\) is not exported/)]);
  });
});
