/**
 * How many locals inline mode's tangent code of a function may declare, counted from the IR: the
 * checks pass (checks.ts) rejects a function past `maxInlineLocals` (DDX1019) before anything is
 * emitted. V8 keeps every local of a function in its call frame: past about 120,000 the first call
 * overflows the stack.
 *
 * The count is an upper bound, proved against the forward emitter (emit/forward) name by name: it
 * gives a local a name only through `tangentsOf` (a variable's tangent parts), `temporary` and the
 * assignment that reads its own target (a composite value and its parts), `conditional` (an active
 * `c ? a : b` and its parts), `constant` (a rule's partial, or a value a row shares; at most one
 * name per call, none for a name, a literal or a value shared already) and `mathOver` (the sums
 * and loop indices of hypot over an array). Each is counted where the emitter can call it, as
 * often as it can: a node's operands once, the formula branch of a rule's special case twice (it
 * is emitted in both branches). The emitter asserts the bound on every function it emits, and
 * inline-size.test.ts compares it with the locals of the emitted code.
 */
import { binaryRules, hypotRule, rules, type Algebra, type BinaryRule } from '@ddx/dual';
import { ParamState, type Activity } from './activity.js';
import type { ArrayInit, Cond, Expr, NumericFunction, Stmt, Var } from './ir.js';
import { isUnaryMath } from './mathNames.js';
import { isRuleSpecialCase } from './tangent.js';
import { forEachExpr } from './walk.js';

/** The most locals a generated function may declare (V8 overflows its stack near 120,000 in one frame). */
export const maxInlineLocals = 100_000;

export type Order = 1 | 2;

/** What a row's formula is, as `constant` sees it: one of its inputs, a literal or shared value (no name), or a new expression. */
type RowResult = { k: 'input'; i: number } | { k: 'named' } | { k: 'expression' };
interface RowCount { shares: number; result: RowResult }

const rowCounts = new Map<string, RowCount>();

/**
 * Runs a row of rules.ts on an algebra that only counts: every `share` (a named const at most), and
 * what the row returns. Every argument of every operation is evaluated (both branches of `ifZero`),
 * as the code algebra evaluates them.
 */
function countRow(key: string, row: (inputs: readonly unknown[], M: Algebra<unknown>) => unknown, arity: number): RowCount {
  const known = rowCounts.get(key);
  if (known) return known;
  let shares = 0;
  const named = { k: 'named' }, expression = { k: 'expression' };
  const M = new Proxy({}, {
    get: (_target, op) => (op === 'share' ? () => { shares++; return named; } : op === 'constant' ? () => named : () => expression),
  }) as Algebra<unknown>;
  const inputs = Array.from({ length: arity }, (_, i) => ({ k: 'input', i }));
  const result = row(inputs, M) as RowResult;
  const count = { shares, result };
  rowCounts.set(key, count);
  return count;
}

/**
 * Locals the tangent code of `fn` (the version with activity `act` for `pattern`, at `order`) may
 * declare beyond the function's own names (its `usedNames`): captures under another name, and the
 * names the emitter generates.
 */
export function generatedLocalsBound(fn: NumericFunction, act: Activity, pattern: readonly ParamState[], order: Order): number {
  const parts = order === 1 ? 1 : 3;
  // Values from the call site's scope are parameters of their own (a class instance's fields, say).
  let names = fn.captures.filter((c) => !fn.usedNames.has(c.name)).length;
  // Parameters the source does not name: what a nested verb's function passes on to the local
  // functions it reaches (x in `derivative((u) => g(u) * u, x)`, g reading x), a parameter lifted.
  names += fn.params.filter((p) => !fn.usedNames.has(p.name) && !fn.captures.includes(p)).length;

  // Tangent parts: one set per active variable (and per parameter received with tangents).
  const vars = new Set<Var>();
  fn.params.forEach((p, i) => { if (pattern[i] === ParamState.Active || act.of(p).active) vars.add(p); });
  const noteVar = (v: Var): void => { if (act.of(v).active) vars.add(v); };
  forEachExpr(fn.body, (e) => {
    if (e.k === 'var') noteVar(e.v);
    else if (e.k === 'elem' || e.k === 'mathOver') noteVar(e.arr);
  }, (s) => {
    if (s.k === 'let' || s.k === 'set') noteVar(s.v);
    else if (s.k === 'setElem' || s.k === 'push') noteVar(s.arr);
  });
  names += vars.size * parts;

  /** Whether `constant` keeps an operand's code as it is: a name, a literal, `a[i]`. */
  const simple = (e: Expr): boolean => {
    if (e.k === 'var') return true;
    if (e.k === 'num') return true;
    if (e.k === 'elem') return e.index.k === 'var' || (e.index.k === 'num' && e.index.value !== undefined);
    // An active composite is a temporary's (or a conditional's) name.
    return act.isActive(e) && e.k !== 'neg';
  };
  /** One `constant` call on a row's formula: its shares, and a name unless it is an operand kept as it is. */
  const constant = (count: RowCount, operands: readonly Expr[]): number => {
    const r = count.result;
    // An input past the operands is the result y: always a name.
    const own = r.k === 'named' ? 0 : r.k === 'input' ? (r.i >= operands.length || simple(operands[r.i]) ? 0 : 1) : 1;
    return count.shares + own;
  };
  const unaryRow = (key: string, row: ((x: unknown, y: unknown, M: Algebra<unknown>) => unknown) | undefined): RowCount =>
    (row ? countRow(key, ([x, y], M) => row(x, y, M), 2) : { shares: 0, result: { k: 'expression' } });
  /** unaryChain: f' (a const at most) and, for hyper-duals, f''. */
  const unary = (key: string, row: { df?: (x: unknown, y: unknown, M: Algebra<unknown>) => unknown; d2f?: (x: unknown, y: unknown, M: Algebra<unknown>) => unknown }, x: Expr): number =>
    constant(unaryRow(`${key}.df`, row.df), [x]) + (order === 2 ? constant(unaryRow(`${key}.d2f`, row.d2f), [x]) : 0);
  /** chainRule: a partial per active argument, and for hyper-duals a second partial per ordered pair of them. */
  const chain = (args: readonly Expr[], partial: (i: number) => RowCount, second: (i: number, j: number) => RowCount | undefined, operands = args): number => {
    const active = args.map((a, i) => (act.isActive(a) ? i : -1)).filter((i) => i >= 0);
    let n = 0;
    for (const i of active) n += constant(partial(i), operands);
    if (order === 2) {
      for (const i of active) {
        for (const j of active) {
          const h = second(i, j);
          if (h) n += constant(h, operands);
        }
      }
    }
    return n;
  };
  const binaryRow = (name: string, rule: BinaryRule, a: Expr, b: Expr): number => {
    type Row = keyof BinaryRule;
    const row = (r: Row): RowCount | undefined => {
      const f = rule[r];
      return f && countRow(`${name}.${r}`, ([x, y, z], M) => f(x, y, z, M), 3);
    };
    const seconds: Row[][] = [['daa', 'dab'], ['dab', 'dbb']];
    return chain([a, b], (i) => row(i === 0 ? 'da' : 'db')!, (i, j) => row(seconds[i][j]));
  };
  const power = (a: Expr, b: Expr): number => {
    if (act.isActive(b)) return binaryRow('pow', binaryRules.pow, a, b);
    const row = (r: 'da' | 'daa'): RowCount => countRow(`pow.${r}`, ([x, y, z], M) => binaryRules.pow[r]!(x, y, z, M), 3);
    return chain([a], () => row('da'), () => row('daa'), [a, b]);
  };
  const hypot = (args: readonly Expr[]): number => chain(args,
    () => countRow('hypot.partial', (x, M) => hypotRule.partial(0, x, x[0], M), 2),
    () => countRow('hypot.second', (x, M) => hypotRule.second(0, 1, x, x[0], M), 2));
  /** Names a rule applied at an active node gives its partials. */
  const rule = (e: Expr): number => {
    switch (e.k) {
      case 'bin':
        if (e.op === '+' || e.op === '-') return 0;
        if (e.op === '**') return power(e.a, e.b);
        return binaryRow(e.op, binaryRules[({ '*': 'mul', '/': 'div', '%': 'mod' } as const)[e.op]], e.a, e.b);
      case 'math':
        if (isUnaryMath(e.name)) return unary(e.name, rules[e.name], e.args[0]);
        if (e.name === 'pow') return power(e.args[0], e.args[1]);
        if (e.name === 'atan2') return binaryRow('atan2', binaryRules.atan2, e.args[0], e.args[1]);
        if (e.name === 'hypot') return hypot(e.args);
        return 0;
      // The sums, a loop index per loop, the partials (in each loop) and second partials.
      case 'mathOver': {
        const partial = constant(countRow('hypot.partial', (x, M) => hypotRule.partial(0, x, x[0], M), 2), []);
        const second = constant(countRow('hypot.second', (x, M) => hypotRule.second(0, 1, x, x[0], M), 2), []);
        return parts + (order === 1 ? 1 + partial : 3 + 2 * partial + 2 * second);
      }
      // A call of the user's f' and f'' (never kept as they are).
      case 'custom': return order;
      case 'special': return e.args.length === 1 ? order : chain(e.args, () => ({ shares: 0, result: { k: 'expression' } }), () => ({ shares: 0, result: { k: 'expression' } }));
      default: return 0;
    }
  };

  /** Names an expression emitted as an operand (`temporary`: true) or at the top of a statement gives. */
  const expr = (e: Expr, temporary: boolean): number => {
    if (!act.isActive(e)) return 0;
    switch (e.k) {
      case 'var': case 'elem': return 0;
      case 'neg': return expr(e.a, true);
      case 'cond': {
        const twice = isRuleSpecialCase(e.test) && act.isActive(e.test.a);
        return 1 + parts + cond(e.test) + expr(e.a, true) + expr(e.b, true) * (twice ? 2 : 1);
      }
      case 'bin': return (temporary ? 1 + parts : 0) + expr(e.a, true) + expr(e.b, true) + rule(e);
      case 'math': case 'call': case 'custom': case 'special':
        return (temporary ? 1 + parts : 0) + e.args.reduce((n, a) => n + expr(a, true), 0) + rule(e);
      case 'mathOver': return (temporary ? 1 + parts : 0) + rule(e);
      // A rule's partial in nested derivative code: its value, the rule's value (special) and one second partial per argument (first order only).
      case 'partial': return (temporary ? 1 + parts : 0) + e.args.reduce((n, a) => n + expr(a, true), 0) + 1 + e.args.length;
      // No emitter differentiates these: never active when emitted (activity.ts, normalise.ts).
      default: return 0;
    }
  };
  /** A condition reads primal values; a zero-tangent guard on an active value emits it as an operand. */
  const cond = (c: Cond): number => {
    switch (c.k) {
      case 'zero': return expr(c.a, true);
      case 'not': return cond(c.a);
      case 'logic': case 'iff': return cond(c.a) + cond(c.b);
      case 'choose': return cond(c.test) + cond(c.a) + cond(c.b);
      default: return 0;
    }
  };
  const init = (i: Expr | ArrayInit): number => {
    if (i.k === 'arrayLit') return i.elems.reduce((n, el) => n + expr(el, true), 0);
    if (i.k === 'newArray') return expr(i.fill, true);
    if (i.k === 'arrayCall') return expr(i.call, false);
    return expr(i, false);
  };
  const block = (ss: readonly Stmt[]): number => ss.reduce((n, s) => n + statement(s), 0);
  const statement = (s: Stmt): number => {
    switch (s.k) {
      case 'let': return s.init ? init(s.init) : 0;
      // An assignment that reads its target computes the value into a temporary first.
      case 'set': case 'setElem': return expr(s.value, true);
      case 'push': return expr(s.value, true);
      case 'if': return cond(s.test) + block(s.then) + (s.else ? block(s.else) : 0);
      case 'for': return block(s.init) + (s.test ? cond(s.test) : 0) + block(s.body);
      case 'while': case 'do': return cond(s.test) + block(s.body);
      case 'block': return block(s.body);
      // A returned value is an operand (its parts go to the module's output variables).
      case 'return': return s.value.k === 'arrayLit' || s.value.k === 'newArray' ? init(s.value) : expr(s.value, true);
      case 'effect': return expr(s.call, false);
      default: return 0;
    }
  };
  return names + block(fn.body);
}

/** The bound on all the locals of the tangent code: the function's own names and the generated ones. */
export const inlineLocalsBound = (fn: NumericFunction, act: Activity, pattern: readonly ParamState[], order: Order): number =>
  fn.usedNames.size + generatedLocalsBound(fn, act, pattern, order);
