/**
 * The backward sweep's additions (emit/reverse/combine.ts) on statements built by hand: an addition
 * into an adjoint array moves down past the partials that read the point, and never past anything
 * that could change what it adds or the order of the terms of a sum; a first addition into a local's
 * adjoint that is exactly 0 is an assignment, and a negated value is subtracted.
 */
import { describe, expect, it } from 'vitest';
import { atom, local, verbatim } from '../src/codegen/code.js';
import { print } from '../src/codegen/printer.js';
import { block, declare, expression, type Statement } from '../src/codegen/statements.js';
import { addition, assignedFirstAdditions, sunkAdditions, type Addition } from '../src/emit/reverse/combine.js';

const konst = (name: string, init: string): Statement => declare('const', [{ name, init: atom(init) }]);
const set = (target: string, value: string): Statement => ({ k: 'assign', targets: [atom(target)], value: atom(value) });

/** Statements made by `make` (given `add`, which records additions), sunk, then printed. */
function sunk(make: (add: (target: string, value: string) => Statement) => Statement[], passable: readonly Statement[] = [], effectful: readonly Statement[] = []): string {
  const additions = new Map<Statement, Addition>();
  const add = (target: string, value: string): Statement => {
    const [base, index] = target.split(/[[\]]/);
    return addition(additions, { target, base, value: local(value), parts: index === undefined ? [] : [atom(index)] });
  };
  const stmts = make(add);
  return print(sunkAdditions(stmts, additions, new Map(effectful.map((s) => [s, {}])), (s) => passable.includes(s)));
}

describe('sunkAdditions', () => {
  it('moves an addition into an adjoint array past the partials that read the point (Rosenbrock)', () => {
    const products = expression(verbatim('products += g2'));
    expect(sunk((add) => [
      konst('i1', 'i + 1'), add('d_x[i1]', 'd_b'), konst('g1', '-d_b'), konst('g2', 'x[i] * g1'), products, add('d_x[i]', 'g2 + g2'), set('d_b', '0'),
    ], [products])).toBe('const i1 = i + 1;\nconst g1 = -d_b;\nconst g2 = x[i] * g1;\nd_x[i1] += d_b;\nproducts += g2;\nd_x[i] += g2 + g2;\nd_b = 0;');
  });

  it('leaves an addition where no partial after it reads an element', () => {
    expect(sunk((add) => [add('d_x[0]', 'g1'), konst('g2', '2 * g1'), add('d_x[1]', 'g2')])).toBe('d_x[0] += g1;\nconst g2 = 2 * g1;\nd_x[1] += g2;');
  });

  it('keeps the additions into arrays in their order', () => {
    expect(sunk((add) => [add('d_p[0]', 'a'), add('d_q[0]', 'b'), konst('c', 'x[0] * 2'), add('d_q[0]', 'c')]))
      .toBe('const c = x[0] * 2;\nd_p[0] += a;\nd_q[0] += b;\nd_q[0] += c;');
  });

  it('stops where its adjoint is read, what it adds is changed, or code runs for its effect', () => {
    expect(sunk((add) => [add('d_a[i]', 'g'), konst('k', 'd_a[j]'), konst('h', 'x[i] * k')])).toBe('d_a[i] += g;\nconst k = d_a[j];\nconst h = x[i] * k;');
    expect(sunk((add) => [add('d_x[i]', 'd_b'), add('d_b', 'g'), konst('h', 'x[i] * g')])).toBe('d_x[i] += d_b;\nd_b += g;\nconst h = x[i] * g;');
    expect(sunk((add) => [add('d_x[i]', 'd_b'), set('d_b', '0'), konst('h', 'x[i] * g')])).toBe('d_x[i] += d_b;\nd_b = 0;\nconst h = x[i] * g;');
    const call = konst('r', 'f_adjoint(x, d_x, g)');
    expect(sunk((add) => [add('d_x[i]', 'g'), call, konst('h', 'x[i] * r')], [], [call])).toBe('d_x[i] += g;\nconst r = f_adjoint(x, d_x, g);\nconst h = x[i] * r;');
    expect(sunk((add) => [add('d_x[i]', 'g'), konst('r', 'y[i]'), expression(atom('t.push(r)')), konst('h', 'x[i] * r')]))
      .toBe('const r = y[i];\nd_x[i] += g;\nt.push(r);\nconst h = x[i] * r;');
  });
});

/** Statements made by `make` (given `add`), with the first additions into `locals`' adjoints assigned, printed. */
function assigned(make: (add: (target: string, value: string) => Statement) => Statement[], locals: readonly string[]): string {
  const additions = new Map<Statement, Addition>();
  const add = (target: string, value: string): Statement => {
    const [base, index] = target.split(/[[\]]/);
    return addition(additions, { target, base, value: value.startsWith('-') ? { text: value, prec: 14 } : local(value), parts: index === undefined ? [] : [atom(index)] });
  };
  return print(assignedFirstAdditions(make(add), new Set(locals), additions));
}
const zeros = (...names: string[]): Statement => declare('let', names.map((name) => ({ name, init: atom('0') })));
const loop = (body: Statement[]): Statement => ({ k: 'for', init: declare('let', [{ name: 'k', init: atom('n') }]), test: atom('k > 0'), update: atom('k--'), body: block(body) });

describe('addition', () => {
  it('subtracts a negated value (t − v is t + (−v) in IEEE 754, bit for bit)', () => {
    const additions = new Map<Statement, Addition>();
    expect(print([addition(additions, { target: 'd_x[i]', base: 'd_x', value: { text: '-d_a', prec: 14 }, parts: [atom('i')] })])).toBe('d_x[i] -= d_a;');
    expect(print([addition(additions, { target: 'd_x[i]', base: 'd_x', value: { text: '-(a + b)', prec: 14 }, parts: [atom('i')] })])).toBe('d_x[i] -= (a + b);');
    expect(print([addition(additions, { target: 'd_x[i]', base: 'd_x', value: local('g'), parts: [atom('i')] })])).toBe('d_x[i] += g;');
  });
});

describe('assignedFirstAdditions', () => {
  it('assigns the first addition after the declaration or a reset, and only into the locals given', () => {
    expect(assigned((add) => [zeros('d_a', 'd_b', 'd_p'), add('d_a', 'g'), add('d_a', 'h'), add('d_p', 'g'), set('d_a', '0'), add('d_a', '-h')], ['d_a', 'd_b']))
      .toBe('let d_a = 0, d_b = 0, d_p = 0;\nd_a = g;\nd_a += h;\nd_p += g;\nd_a = 0;\nd_a = -h;');
  });

  it('keeps an addition after a branch that may have added', () => {
    const branch = (then: Statement[]): Statement => ({ k: 'if', test: atom('c'), then: block(then) });
    expect(assigned((add) => [zeros('d_a'), branch([add('d_a', 'g')]), add('d_a', 'h')], ['d_a']))
      .toBe('let d_a = 0;\nif (c) {\n  d_a = g;\n}\nd_a += h;');
    expect(assigned((add) => [zeros('d_a'), branch([add('d_a', 'g'), set('d_a', '0')]), add('d_a', 'h')], ['d_a']))
      .toBe('let d_a = 0;\nif (c) {\n  d_a = g;\n  d_a = 0;\n}\nd_a = h;');
  });

  it('in a loop, assigns only where every iteration ends with the adjoint set back to 0', () => {
    expect(assigned((add) => [zeros('d_a', 'd_b'), loop([add('d_a', 'g'), add('d_b', 'g'), add('d_x[k]', 'd_a'), set('d_a', '0')])], ['d_a', 'd_b']))
      .toBe('let d_a = 0, d_b = 0;\nfor (let k = n; k > 0; k--) {\n  d_a = g;\n  d_b += g;\n  d_x[k] += d_a;\n  d_a = 0;\n}');
    expect(assigned((add) => [zeros('d_a'), loop([add('d_a', 'g'), { k: 'if', test: atom('c'), then: { k: 'break' } }, set('d_a', '0')]), add('d_a', 'h')], ['d_a']))
      .toBe('let d_a = 0;\nfor (let k = n; k > 0; k--) {\n  d_a += g;\n  if (c) break;\n  d_a = 0;\n}\nd_a += h;');
  });

  it('keeps the additions after a statement it does not read that names the adjoint', () => {
    expect(assigned((add) => [zeros('d_a'), expression(atom('f(d_a)')), add('d_a', 'g')], ['d_a'])).toBe('let d_a = 0;\nf(d_a);\nd_a += g;');
    expect(assigned((add) => [zeros('d_a'), set('d_a', 'd_a * 2'), add('d_a', 'g')], ['d_a'])).toBe('let d_a = 0;\nd_a = d_a * 2;\nd_a += g;');
  });
});
