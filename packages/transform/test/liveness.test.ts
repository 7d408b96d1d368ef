/**
 * Reverse mode's liveness (emit/reverse/liveness.ts) on backward-sweep statements built by hand:
 * consts nothing reads go, effects stay (a pop or a callee adjoint's call left out puts the stacks
 * out of step: a silently wrong gradient), and the names a statement reads come from Code.reads.
 */
import { describe, expect, it } from 'vitest';
import { atom, call, local, mul, verbatim } from '../src/codegen/code.js';
import { print } from '../src/codegen/printer.js';
import { declare, expression, type Statement } from '../src/codegen/statements.js';
import { liveNames, withoutDeadConstants, type Effectful } from '../src/emit/reverse/liveness.js';

const konst = (name: string, init = atom('x[i] * y')): Statement => declare('const', [{ name, init }]);
const add = (target: string, value: ReturnType<typeof atom>): Statement => expression(verbatim(`${target} += ${value.text}`, value));

describe('liveNames', () => {
  it('follows definitions from the roots, and from effects', () => {
    const defs = [
      { defines: ['a'], reads: ['b'] }, { defines: ['b'], reads: ['c'] }, { defines: ['c'], reads: [] },
      { defines: ['unused'], reads: ['d'] }, { defines: ['d'], reads: [] },
      { defines: ['popped'], reads: ['e'], effect: true }, { defines: ['e'], reads: [] },
    ];
    expect([...liveNames(defs, ['a'])].sort()).toEqual(['a', 'b', 'c', 'e']);
  });
});

describe('withoutDeadConstants', () => {
  it('drops a const nothing reads, and one read only by it', () => {
    const stmts = [konst('v1'), konst('mul1', mul(local('v1'), atom('2'))), konst('g1'), add('d_x[i]', local('g1'))];
    expect(print(withoutDeadConstants(stmts, new Map()))).toBe('const g1 = x[i] * y;\nd_x[i] += g1;');
  });

  it('keeps a const read inside a nested statement', () => {
    const stmts: Statement[] = [konst('i1', atom('i + 1')), { k: 'if', test: verbatim('i1 < x.length', local('i1')), then: add('d_x[i1]', atom('g')) }];
    expect(withoutDeadConstants(stmts, new Map())).toHaveLength(2);
  });

  it('keeps an effect nothing reads as a statement of its own (an adjoint array\'s pop)', () => {
    const pop = declare('const', [{ name: 'd_a_last', init: verbatim('d_a.pop() as number') }], { comment: 'adjoint of: a.push(…)' });
    const effectful = new Map<Statement, Effectful>([[pop, { bare: verbatim('d_a.pop()'), alsoDefines: [], effect: true }]]);
    expect(print(withoutDeadConstants([pop, expression(atom('a.pop()'))], effectful))).toBe('d_a.pop(); // adjoint of: a.push(…)\na.pop();');
  });

  it('keeps a callee adjoint\'s call whose other adjoint is read, and drops one whose adjoints are all unread and that adds into no array', () => {
    const make = (n: number): [Statement, Statement, Effectful] => {
      const c = call(`h_adjoint`, [atom(`x${n}`), local('g')]);
      return [declare('const', [{ name: `d_h_a${n}`, init: c }]), declare('const', [{ name: `d_h_b${n}`, init: local(`slot${n}`) }]), { bare: c, alsoDefines: [`slot${n}`], effect: false }];
    };
    const [call1, other1, e1] = make(1), [call2, other2, e2] = make(2);
    const stmts = [konst('g'), call1, other1, call2, other2, add('d_y', local('d_h_b1'))];
    const kept = withoutDeadConstants(stmts, new Map([[call1, e1], [call2, e2]]));
    expect(print(kept)).toBe('const g = x[i] * y;\nh_adjoint(x1, g);\nconst d_h_b1 = slot1;\nd_y += d_h_b1;');
  });
});
