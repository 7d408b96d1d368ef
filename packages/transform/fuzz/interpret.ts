/**
 * An interpreter of the IR (src/analyze/ir.ts) over plain numbers: the oracle that lowering, and
 * every pass after it, preserves meaning. Test-side code; nothing here ships.
 *
 * Design:
 * - Values are JavaScript's own: a number, `undefined` (an element read past the end, a `var`
 *   read before its first assignment), a boolean, or an array (a plain `Array` or a
 *   `Float64Array`). Every operation is JavaScript's operator or function applied to them (`a + b`,
 *   `a | b`, `Math[name](…)`, `Number.isFinite(a)`, `arr[i] = v`, `arr.push(v)`), so coercions,
 *   NaN, ±0, ±Infinity, holes and writes past the end of a typed array behave exactly as in the
 *   plain program: only the order of operations is the IR's, and it must be JavaScript's.
 * - One frame per call: a map from `Var` to its value. Vars are unique per declaration, so
 *   blocks need no scopes of their own; a `let` (re)sets its var each time it runs, as a
 *   `let` in a loop body is fresh each iteration.
 * - Statements return a completion (normal, break/continue with an optional label, return), as
 *   the ECMAScript specification describes them; `throw` throws the value the source builds.
 * - The IR's expressions are pure (only statements write), so the operand that `a || b`,
 *   `a ?? b` test and return is computed once and reused, as JavaScript computes it once.
 * - A budget of steps and of call depth ends runs that would take too long (a loop bounded by
 *   an input of 1e300, a recursion as deep as the input is large) with {@link BudgetExceeded}:
 *   such inputs are skipped by the comparison, not judged.
 */
import { ts } from 'ts-morph';
import type { ArrayInit, Cond, Expr, NumericFunction, Stmt, Var } from '../src/analyze/ir.js';

/** A value of the plain program. */
export type Value = number | boolean | undefined | number[] | Float64Array;

/** The value of a `default` argument: the callee takes its parameter's default there. */
const OMITTED = Symbol('omitted') as unknown as Value;

/** The run was too long or too deep to judge. */
export class BudgetExceeded extends Error {}

export interface Budget {
  /** Statements, loop steps and calls executed, at most. Default 50,000. */
  steps?: number;
  /** Nested calls, at most. Default 400. */
  depth?: number;
}

type Completion =
  | { k: 'normal' }
  | { k: 'break' | 'continue'; label: string | undefined }
  | { k: 'return'; value: Value };
const normal: Completion = { k: 'normal' };

/**
 * `fn` applied to `args` (then its captures' values, in the order of `fn.captures`), as the plain
 * program computes it. An omitted argument takes the parameter's default.
 */
export function interpret(fn: NumericFunction, args: readonly Value[], captures: readonly Value[] = [], budget: Budget = {}): Value {
  const machine = new Machine(budget.steps ?? 50_000, budget.depth ?? 400);
  return machine.call(fn, args, captures);
}

class Machine {
  private depth = 0;
  constructor(private steps: number, private readonly maxDepth: number) {}

  private tick(): void {
    if (--this.steps < 0) throw new BudgetExceeded('step budget exceeded');
  }

  call(fn: NumericFunction, args: readonly Value[], captures: readonly Value[] = []): Value {
    this.tick();
    if (++this.depth > this.maxDepth) throw new BudgetExceeded('call depth budget exceeded');
    try {
      const frame = new Frame(this, fn);
      fn.params.forEach((p, i) => {
        // A default is the value of an omitted argument, over the parameters before it.
        const given = i < args.length && args[i] !== OMITTED;
        const dflt = fn.defaults?.[i];
        if (!given && dflt === undefined) throw new Error(`interpret: '${fn.name}' called without argument ${i + 1}, which has no default`);
        frame.vars.set(p, given ? args[i] : frame.expr(dflt!));
      });
      fn.captures.forEach((c, i) => frame.vars.set(c, captures[i]));
      const done = frame.block(fn.body);
      // A function that writes its results into its array arguments may return nothing; one that
      // reaches the end of its body returns undefined, as in JavaScript (normalise.ts makes that a return).
      if (done.k === 'normal') return undefined;
      if (done.k !== 'return') throw new Error(`interpret: '${fn.name}' ended without a return (${done.k})`);
      return done.value;
    } finally {
      this.depth--;
    }
  }

  step(): void {
    this.tick();
  }
}

/** What a `num` stands for: a literal as written (`1e3`, `0x1f`, `1_000`), `Infinity`, `NaN`, `Math.PI`, `Number.EPSILON`, a module constant. */
function constantValue(text: string, fn: NumericFunction, frame: Frame): number {
  if (text === 'Infinity') return Infinity;
  if (text === 'NaN') return NaN;
  // What a JavaScript function returns at its end without a return statement.
  if (text === 'undefined') return undefined as unknown as number;
  const member = /^(Math|Number)\.(\w+)$/.exec(text);
  if (member) {
    const value = ((member[1] === 'Math' ? Math : Number) as unknown as Record<string, unknown>)[member[2]];
    if (typeof value !== 'number') throw new Error(`interpret: '${text}' is not a number`);
    return value;
  }
  const constant = fn.constants.get(text);
  if (constant) return frame.expr(constant.value) as number;
  const value = Number(text.replace(/_/g, ''));
  if (Number.isNaN(value)) throw new Error(`interpret: unknown constant '${text}' in '${fn.name}'`);
  return value;
}

class Frame {
  readonly vars = new Map<Var, Value>();
  constructor(private readonly machine: Machine, private readonly fn: NumericFunction) {}

  private read(v: Var): Value {
    if (!this.vars.has(v)) throw new Error(`interpret: '${v.name}' (#${v.id}) of '${this.fn.name}' read before its declaration ran`);
    return this.vars.get(v);
  }

  private array(v: Var): number[] | Float64Array {
    const a = this.read(v);
    if (!Array.isArray(a) && !(a instanceof Float64Array)) throw new Error(`interpret: '${v.name}' of '${this.fn.name}' is not an array`);
    return a;
  }

  // ---- expressions: JavaScript's operators on JavaScript's values ------------------------------

  expr(e: Expr): Value {
    // The operators are applied to whatever the operands hold, undefined included, as JavaScript does.
    const n = (x: Expr): number => this.expr(x) as number;
    switch (e.k) {
      case 'num': return constantValue(e.text, this.fn, this);
      case 'var': return this.read(e.v);
      case 'elem': {
        const a = this.array(e.arr);
        return a[n(e.index)];
      }
      case 'len': return this.array(e.arr).length;
      case 'mathOver': return Math[e.name](...(this.array(e.arr) as number[]));
      case 'neg': return -n(e.a);
      case 'bin': {
        const a = n(e.a);
        const b = n(e.b);
        switch (e.op) {
          case '+': return a + b;
          case '-': return a - b;
          case '*': return a * b;
          case '/': return a / b;
          case '%': return a % b;
          case '**': return a ** b;
        }
        break;
      }
      case 'bitwise': {
        const a = n(e.a);
        const b = n(e.b);
        switch (e.op) {
          case '|': return a | b;
          case '&': return a & b;
          case '^': return a ^ b;
          case '<<': return a << b;
          case '>>': return a >> b;
          case '>>>': return a >>> b;
        }
        break;
      }
      case 'bitnot': return ~n(e.a);
      case 'math': {
        const args = e.args.map(n);
        const f = (Math as unknown as Record<string, (...xs: number[]) => number>)[e.name];
        if (typeof f !== 'function') throw new Error(`interpret: Math.${e.name} is not a function`);
        return f(...args);
      }
      case 'call': return this.machine.call(e.fn, e.args.map((a) => this.expr(a)));
      case 'cond': {
        // `a || b`, `a && b` and `a ?? b` test their left operand and may return it: computed once.
        const t = e.test;
        if ((t.k === 'truthy' || t.k === 'defined') && (t.a === e.a || t.a === e.b)) {
          const left = this.expr(t.a);
          const holds = t.k === 'truthy' ? Boolean(left) : left !== undefined && left !== null;
          const chosen = holds ? e.a : e.b;
          return chosen === t.a ? left : this.expr(chosen);
        }
        return this.cond(t) ? this.expr(e.a) : this.expr(e.b);
      }
      case 'boolean': return this.cond(e.test);
      // An argument left to the callee's default (which the callee computes over the arguments before it).
      case 'default': return OMITTED;
      // (Only in the tangent code of the Hessian over reverse mode, which is not interpreted: its value.)
      case 'partial': return this.expr(e.value);
    }
    throw new Error(`interpret: unknown expression ${(e as Expr).k}`);
  }

  cond(c: Cond): boolean {
    switch (c.k) {
      case 'cmp': {
        const a = this.expr(c.a) as number;
        const b = this.expr(c.b) as number;
        switch (c.op) {
          case '<': return a < b;
          case '<=': return a <= b;
          case '>': return a > b;
          case '>=': return a >= b;
          case '===': return a === b;
          case '!==': return a !== b;
          case '==': return a == b;
          case '!=': return a != b;
        }
        break;
      }
      case 'not': return !this.cond(c.a);
      case 'logic': return c.op === '&&' ? this.cond(c.a) && this.cond(c.b) : this.cond(c.a) || this.cond(c.b);
      case 'truthy': return Boolean(this.expr(c.a));
      case 'defined': {
        const a = this.expr(c.a);
        return a !== undefined && a !== null;
      }
      case 'bool': return c.value;
      case 'test': {
        const a = this.expr(c.a) as number;
        switch (c.test) {
          case 'Number.isFinite': return Number.isFinite(a);
          case 'Number.isNaN': return Number.isNaN(a);
          case 'Number.isInteger': return Number.isInteger(a);
          case 'Number.isSafeInteger': return Number.isSafeInteger(a);
          case 'isFinite': return isFinite(a);
          case 'isNaN': return isNaN(a);
        }
        break;
      }
      case 'same': {
        const a = this.expr(c.a);
        return Object.is(a, this.expr(c.b));
      }
      case 'flag': return this.read(c.v) as boolean;
      case 'predicate': return this.machine.call(c.fn, c.args.map((a) => this.expr(a))) as boolean;
      case 'iff': {
        const a = this.cond(c.a);
        const b = this.cond(c.b);
        return c.op === '===' || c.op === '==' ? a === b : a !== b;
      }
      case 'choose': return this.cond(c.test) ? this.cond(c.a) : this.cond(c.b);
    }
    throw new Error(`interpret: unknown condition ${(c as Cond).k}`);
  }

  private value(init: Expr | ArrayInit): Value {
    if (init.k === 'arrayLit') return init.elems.map((x) => this.expr(x) as number);
    if (init.k === 'newArray') {
      const length = this.expr(init.length) as number;
      // A valid length this large would only take the memory of the process (an invalid one throws, as in JavaScript).
      if (length > 100_000 && length < 2 ** 32) throw new BudgetExceeded('array too long');
      if (init.typed) return new Float64Array(length);
      return new Array<number>(length).fill(this.expr(init.fill) as number);
    }
    if (init.k === 'arrayCall') return this.expr(init.call);
    return this.expr(init);
  }

  // ---- statements --------------------------------------------------------------------------------

  block(stmts: readonly Stmt[]): Completion {
    for (const s of stmts) {
      const done = this.stmt(s);
      if (done.k !== 'normal') return done;
    }
    return normal;
  }

  /** A loop's body ran: whether the loop goes on (`undefined`), or the completion that ends it. */
  private afterBody(done: Completion, label: string | undefined): Completion | undefined {
    if (done.k === 'normal') return undefined;
    if (done.k === 'continue' && (done.label === undefined || done.label === label)) return undefined;
    if (done.k === 'break' && (done.label === undefined || done.label === label)) return normal;
    return done;
  }

  stmt(s: Stmt): Completion {
    this.machine.step();
    switch (s.k) {
      case 'let':
        this.vars.set(s.v, s.init === undefined ? undefined : this.value(s.init));
        return normal;
      case 'set':
        this.vars.set(s.v, this.expr(s.value));
        return normal;
      case 'setElem': {
        const a = this.array(s.arr);
        const index = this.expr(s.index) as number;
        a[index] = this.expr(s.value) as number;
        return normal;
      }
      case 'effect':
        // Arrays are passed by reference: the callee's writes are the caller's, as in JavaScript.
        this.expr(s.call);
        return normal;
      case 'push': {
        const a = this.array(s.arr) as number[];
        // A Float64Array has no push: it throws, as in the plain program.
        a.push(this.expr(s.value) as number);
        return normal;
      }
      case 'if':
        if (this.cond(s.test)) return this.block(s.then);
        return s.else ? this.block(s.else) : normal;
      case 'for': {
        const init = this.block(s.init);
        if (init.k !== 'normal') return init;
        for (;;) {
          this.machine.step();
          if (s.test && !this.cond(s.test)) return normal;
          const end = this.afterBody(this.block(s.body), s.label);
          if (end) return end;
          const update = this.block(s.update);
          if (update.k !== 'normal') return update;
        }
      }
      case 'forOf':
        // The index counts while below the length, read before each step (as the array iterator).
        this.vars.set(s.index.v, 0);
        for (;;) {
          this.machine.step();
          if (!((this.expr(s.index) as number) < (this.expr(s.length) as number))) return normal;
          this.stmt(s.bind);
          const end = this.afterBody(this.block(s.body), s.label);
          if (end) return end;
          this.vars.set(s.index.v, (this.expr(s.index) as number) + 1);
        }
      case 'while':
        for (;;) {
          this.machine.step();
          if (!this.cond(s.test)) return normal;
          const end = this.afterBody(this.block(s.body), s.label);
          if (end) return end;
        }
      case 'do':
        for (;;) {
          this.machine.step();
          const end = this.afterBody(this.block(s.body), s.label);
          if (end) return end;
          if (!this.cond(s.test)) return normal;
        }
      case 'break': case 'continue':
        return { k: s.k, label: s.label };
      case 'return':
        return { k: 'return', value: this.value(s.value) };
      case 'throw':
        throw thrownValue(s, s.parts.flatMap((p) => (typeof p === 'string' ? [] : [this.expr(p)])));
      case 'block': {
        const done = this.block(s.body);
        return done.k === 'break' && s.label !== undefined && done.label === s.label ? normal : done;
      }
      case 'switch': {
        // Entered at the first case equal to the key, else at default; then falls through.
        const key = this.expr(s.key);
        let entry = s.clauses.findIndex((c) => c.test !== undefined && this.expr(c.test) === key);
        if (entry === -1) entry = s.clauses.findIndex((c) => c.test === undefined);
        if (entry === -1) return normal;
        for (const c of s.clauses.slice(entry)) {
          const done = this.block(c.body);
          if (done.k === 'break' && done.label === s.label) return normal;
          if (done.k !== 'normal') return done;
        }
        return normal;
      }
    }
    throw new Error(`interpret: unknown statement ${(s as Stmt).k}`);
  }
}

/**
 * The value `throw` throws: its source evaluated as JavaScript, with this function's values it reads
 * passed in as they are (it may only read globals besides them: `new RangeError(\`…${x}\`)`).
 * Each statement's source is compiled once.
 */
function thrownValue(s: Extract<Stmt, { k: 'throw' }>, values: Value[]): unknown {
  let make = compiledThrows.get(s);
  if (!make) {
    const holes = values.map((_, i) => `ddxThrown${i}`);
    let hole = 0;
    const source = s.parts.map((p) => (typeof p === 'string' ? p : holes[hole++])).join('');
    const js = ts.transpileModule(`(${source})`, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
    // Test-side only: the thrown expression is the program's own text.
    make = new Function(...holes, `return ${js.replace(/^"use strict";/, '').trim().replace(/;$/, '')};`) as (...xs: Value[]) => unknown;
    compiledThrows.set(s, make);
  }
  return make(...values);
}
const compiledThrows = new WeakMap<Stmt, (...values: Value[]) => unknown>();
