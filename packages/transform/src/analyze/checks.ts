/**
 * The checks pass: constructs that are fine on constants but have no derivative (or no derivative
 * code) once they depend on the input, and what the generated module cannot reach. They depend on
 * the activity of each version of a function the emit mode will generate (which parameters carry
 * tangents), so this pass walks those versions as the emitters will make them, from a call site's
 * function, before anything is emitted: emitters only emit.
 */
import { reject } from '../diagnostics.js';
import { analyzeActivity, ParamState, type Activity } from './activity.js';
import { inlineLocalsBound, maxInlineLocals, type Order } from './inlineSize.js';
import type { ArrayInit, Cond, Expr, NumericFunction, Stmt, Var } from './ir.js';
import { primalOnlyMath } from './mathNames.js';
import { boundToOutside, forEachExpr } from './walk.js';

/** What the generated module is, as the checks need it. */
export interface OutputModule {
  /** 'inline': tangent code per pattern of active parameters; 'dual': one version over dual numbers. */
  readonly mode: 'inline' | 'dual';
  /** The module the generated code goes into: its module-level functions are called by name, not copied. */
  readonly outputFile: string;
  /** Whether the generated module can import from other modules (generateModule without outFile cannot). */
  readonly imports: boolean;
}

/** The checks of one function as one version computes it (activity `act`). */
export function checkActiveConstructs(fn: NumericFunction, act: Activity): void {
  checkRebindings(fn);
  forEachExpr(fn.body, (e: Expr) => {
    if (e.k === 'math' && primalOnlyMath.has(e.name) && e.args.some(act.isActive)) {
      reject(e.node, 'DDX1004', `Math.${e.name} has no derivative; it may only be applied to values that do not depend on the input`);
    }
  }, (s: Stmt) => {
    if (s.k !== 'for') return;
    for (const u of s.update) {
      if ((u.k === 'set' && act.of(u.v).active) || u.k === 'setElem' || u.k === 'push') {
        reject(u.node, 'DDX1012', 'a for-loop update that depends on the input is not supported; update it at the end of the loop body instead');
      }
    }
  });
}

/**
 * `y = x` binds a local array to an array from outside (a parameter, a capture): one array with two
 * names, as in JavaScript. The derivative code follows writes by the name written (a parameter's
 * writes are its out-parameter writes, its tangent is the caller's), so neither name may be written.
 */
function checkRebindings(fn: NumericFunction): void {
  const outside = boundToOutside(fn);
  if (outside.size === 0) return;
  const written = new Map<Var, Stmt>();
  forEachExpr(fn.body, () => {}, (s) => {
    if (s.k === 'setElem' || s.k === 'push') written.set(s.arr, s);
    if (s.k === 'effect') for (const w of s.call.fn.writes ?? []) { const a = s.call.args[w.index]; if (a?.k === 'var') written.set(a.v, s); }
  });
  for (const [local, origin] of outside) {
    const at = written.get(local) ?? written.get(origin);
    if (at) reject(at.node, 'DDX1017', `'${local.sourceName}' is bound to the array '${origin.sourceName}' (one array with two names, as in JavaScript), and its elements are written here, which is not supported; bind '${local.sourceName}' to a copy (${origin.sourceName}.slice())`);
  }
}

const allOf = (fn: NumericFunction, state: ParamState): ParamState[] => fn.params.map(() => state);

/**
 * Checks every version of every function that differentiating `entry` generates in `out`'s mode,
 * as the emitters will generate them (`plain`: the plain version of `entry`, for a specialised call).
 * `checked` holds the versions already checked (one module's call sites share them): each is
 * checked, and diagnosed, once. `orders`: the orders of the tangent code inline mode generates for
 * `entry` (none where only reverse mode's code is), each checked against the frame's size (DDX1019).
 */
export function checkVersions(entry: NumericFunction, out: OutputModule, checked = new Set<string>(), plain = false, orders: readonly Order[] = []): void {
  const once = (key: string): boolean => !checked.has(key) && checked.add(key) !== undefined;

  /** Every defineFunction rule a version of `fn` calls must be reachable from the generated module. */
  const checkRules = (fn: NumericFunction): void => forEachExpr(fn.body, (e) => {
    if (e.k !== 'custom') return;
    const r = e.rule;
    if (r.fileName === out.outputFile && !declares(fn, r.name)) return;
    if (r.exportedAs !== undefined && out.imports) return;
    const base = r.fileName.split(/[\\/]/).pop();
    reject(r.node, 'DDX1020', r.exportedAs === undefined
      ? `'${r.name}' (made by defineFunction in ${base}) is not exported, but the generated derivative code must import it to call its derivatives; export it from ${base}`
      : `the generated module calls '${r.name}' (made by defineFunction in ${base}) through an import, but where it is written is not known; pass generateModule its outFile`);
  });

  /** A call on primal values: the function itself when the output module has it, else a copy without tangents. */
  const primalCallee = (fn: NumericFunction): void => {
    if (fn.fileName === out.outputFile && fn.moduleLevel && fn.params.every((p) => p.kind !== 'array')) return;
    tangentVersion(fn, allOf(fn, ParamState.Inactive), [1]);
  };
  /** Every callee an expression printed on primal values calls. */
  const primalOf = (e: Expr | Cond): void => {
    const calls = (x: Expr | Cond): void => {
      if (x.k === 'call' || x.k === 'predicate') primalCallee(x.fn);
    };
    if (isCond(e)) forEachExpr([{ k: 'if', test: e, then: [], else: undefined, node: e.node }], calls, undefined, calls);
    else forEachExpr([{ k: 'return', value: e, node: e.node }], calls, undefined, calls);
  };

  /** Inline mode: the tangent code of `fn` for `pattern` (emit/forward). */
  function tangentVersion(fn: NumericFunction, pattern: readonly ParamState[], orders: readonly Order[]): void {
    const checks = once(`t${fn.id}:${pattern.join('')}`);
    const sizes = orders.filter((order) => once(`s${fn.id}:${order}:${pattern.join('')}`));
    if (!checks && sizes.length === 0) return;
    const act = analyzeActivity(fn, pattern);
    if (checks) {
      checkActiveConstructs(fn, act);
      checkRules(fn);
    }
    // An operand: an active one is differentiated part by part (an index or a test on primal values).
    const operand = (e: Expr): void => {
      if (!act.isActive(e)) return primalOf(e);
      switch (e.k) {
        case 'elem': return primalOf(e.index);
        case 'cond': primalOf(e.test); operand(e.a); return operand(e.b);
        case 'call': tangentVersion(e.fn, act.patternOf(e.args), orders); return e.args.forEach(operand);
        case 'neg': return operand(e.a);
        case 'bin': operand(e.a); return operand(e.b);
        case 'math': case 'custom': case 'special': return e.args.forEach(operand);
        default: return undefined;
      }
    };
    const init = (i: Expr | ArrayInit): void => {
      if (i.k === 'arrayLit') i.elems.forEach(operand);
      else if (i.k === 'newArray') { primalOf(i.length); operand(i.fill); }
      else if (i.k === 'arrayCall') operand(i.call);
      else operand(i);
    };
    const visit = (ss: Stmt[]): void => {
      for (const s of ss) {
        switch (s.k) {
          case 'let': if (s.init) init(s.init); break;
          case 'set': operand(s.value); break;
          case 'setElem': primalOf(s.index); operand(s.value); break;
          case 'push': operand(s.value); break;
          case 'if': primalOf(s.test); visit(s.then); if (s.else) visit(s.else); break;
          case 'for': visit(s.init); if (s.test) primalOf(s.test); visit(s.update); visit(s.body); break;
          case 'while': case 'do': primalOf(s.test); visit(s.body); break;
          case 'block': visit(s.body); break;
          case 'return':
            if (s.value.k === 'newArray' && checks) reject(s.node, 'DDX1017', 'return a local array or an array literal');
            init(s.value);
            break;
          case 'effect': operand(s.call); break;
          case 'throw': for (const p of s.parts) if (typeof p !== 'string') primalOf(p); break;
          default: break;
        }
      }
    };
    visit(fn.body);
    for (const order of sizes) checkFrameSize(fn, act, pattern, order);
  }

  /** Dual mode: `fn` over dual numbers (emit/dual), the `pattern` parameters dual numbers. */
  function dualVersion(fn: NumericFunction, pattern: readonly ParamState[]): void {
    if (!once(`d${fn.id}:${pattern.join('')}`)) return;
    const act = analyzeActivity(fn, pattern);
    checkActiveConstructs(fn, act);
    checkRules(fn);
    // A thrown value is printed on primal values.
    const thrown = new Set<Expr | Cond>();
    forEachExpr(fn.body, () => {}, (s) => {
      if (s.k === 'throw') for (const p of s.parts) if (typeof p !== 'string') forEachExpr([{ k: 'return', value: p, node: p.node }], (e) => thrown.add(e), undefined, (c) => thrown.add(c));
    });
    const callee = (x: Expr | Cond): void => {
      if (x.k !== 'call' && x.k !== 'predicate') return;
      if (!thrown.has(x) && x.args.some(act.isActive)) dualVersion(x.fn, act.patternOf(x.args));
      else primalCallee(x.fn);
    };
    forEachExpr(fn.body, callee, undefined, callee);
  }

  if (plain) primalCallee(entry);
  else if (out.mode === 'dual') dualVersion(entry, allOf(entry, ParamState.Active));
  else tangentVersion(entry, allOf(entry, ParamState.Active), orders);
}

/**
 * Inline mode gives every intermediate value and each of its tangent parts a local of its own, and
 * V8 keeps all the locals of a function in its call frame: past about 120,000 the first call
 * overflows the stack. A version whose locals could pass `maxInlineLocals` is rejected (inlineSize.ts
 * bounds them from the IR).
 */
function checkFrameSize(fn: NumericFunction, act: Activity, pattern: readonly ParamState[], order: Order): void {
  const locals = inlineLocalsBound(fn, act, pattern, order);
  if (locals > maxInlineLocals) {
    reject(fn.node, 'DDX1019', `'${fn.name}' is too large for inline mode: its ${order === 1 ? 'tangent' : 'hyper-dual'} code would declare about ${locals} locals, more than V8 can hold in one call frame (${maxInlineLocals}); use { mode: 'dual' } for this module, or split the function into smaller ones`);
  }
}

const condKinds = new Set(['cmp', 'not', 'logic', 'truthy', 'defined', 'bool', 'test', 'same', 'flag', 'predicate', 'iff', 'choose']);
const isCond = (e: Expr | Cond): e is Cond => condKinds.has(e.k);

/** Whether `fn` has a parameter, capture or local named `name` (generated code names a rule through an import then). */
export function declares(fn: NumericFunction, name: string): boolean {
  if (fn.params.some((v) => v.name === name) || fn.captures.some((v) => v.name === name)) return true;
  let found = false;
  forEachExpr(fn.body, () => {}, (s) => {
    if (s.k === 'let' && s.v.name === name) found = true;
  });
  return found;
}
