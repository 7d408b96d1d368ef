/**
 * The fuzzer's programs as plain data. Every reference (a variable, a helper, an assignment
 * target) is a natural number resolved modulo what is in scope when the program is rendered, so
 * any value fast-check generates or shrinks to renders to a valid program.
 */

export type CmpOp = '<' | '<=' | '>' | '>=' | '===' | '!==';
export type ArithOp = '+' | '-' | '*';
export type BitOp = '|' | '&' | '^' | '<<' | '>>' | '>>>' | '~';

/** A domain-safe unary form (see render.ts: `unaryForms`), by index. */
export type Expr =
  | { k: 'var'; i: number }
  | { k: 'num'; v: number }
  /** Math.PI, Math.E, a constant imported from the helpers module, a constant of this module. */
  /** A module constant by index (4 and 5: the package-style ones, else Math.PI and Math.E again). */
  | { k: 'const'; which: 0 | 1 | 2 | 3 | 4 | 5 }
  | { k: 'neg'; a: Expr }
  | { k: 'unary'; form: number; a: Expr }
  /** A call of a function made by defineFunction, declared in the helpers module (render.ts: `ruleForms`), by index. */
  | { k: 'rule'; which: number; a: Expr }
  /** A call of a helper of the helpers module that reads a module-level coefficient table by name (render.ts: `tableForms`), by index. */
  | { k: 'table'; which: number; a: Expr }
  | { k: 'arith'; op: ArithOp; a: Expr; b: Expr }
  /** a / (a positive denominator built from b), by variant. */
  | { k: 'div'; variant: number; a: Expr; b: Expr }
  /** a % (a positive modulus built from b), by variant. */
  | { k: 'mod'; variant: number; a: Expr; b: Expr }
  | { k: 'pow'; variant: number; mathPow: boolean; a: Expr; b: Expr }
  | { k: 'nary'; f: 'atan2' | 'hypot' | 'min' | 'max'; args: Expr[] }
  | { k: 'cond'; c: Cond; a: Expr; b: Expr }
  | { k: 'logic'; op: '||' | '&&' | '??'; a: Expr; b: Expr }
  /** `flag`: the argument of a helper's boolean parameter (absent in older fixtures: `true`). */
  /** `literal`: a helper's array parameter is passed an array literal of the arguments, `[a, b]` (absent in older fixtures: an array in scope by name). */
  | { k: 'call'; h: number; args: Expr[]; flag?: Cond | null; literal?: boolean }
  /** An element of an array in scope: constant index, or the counter of a loop over it. */
  | { k: 'elem'; arr: number; idx: number }
  /**
   * `Math.f(...A)` over an array in scope (absent in older fixtures): hypot one function of all the
   * elements (IR `mathOver`), max/min folded by a loop before the statement (where nothing can go
   * before it — a default value — a read instead).
   */
  | { k: 'spread'; f: 'hypot' | 'min' | 'max'; arr: number }
  /** `A[i] ?? e` for an array in scope, i from 0 to one past its end (read there, undefined: e). */
  | { k: 'nullish'; arr: number; idx: number; e: Expr }
  /** A Number constant (render.ts: `numberConstantForms`), by index. */
  | { k: 'numberConst'; which: number }
  /**
   * A bitwise operation on integer-valued inactive operands, each a loop counter in scope or a
   * small integer (render.ts: `intOperand`); `~` reads `a` only.
   */
  | { k: 'bits'; op: BitOp; a: number; b: number }
  /** `(e | 0)`: a value made piecewise constant (derivative 0). */
  | { k: 'int32'; a: Expr }
  /**
   * `(v ?? c)` for a `var` of the function declared anywhere before in the source (hoisted: where its
   * declaration has not run yet, it is undefined and ?? takes c); c when there is none.
   */
  | { k: 'hoisted'; i: number; c: number }
  /**
   * An assignment or increment used as a value, on an assignable number in scope (render.ts:
   * `effectForms`, by index); in a default value or on the right of &&= ||=, a read of it instead.
   */
  | { k: 'effect'; t: number; form: number; e: Expr }
  /** `(effect, b)`: the comma operator, whose left is an assignment or increment as in `effect` (left out where that is a read). */
  | { k: 'comma'; t: number; form: number; e: Expr; b: Expr }
  /**
   * A call of a closure in scope (a `closure` statement's), by index: `g(a)` (absent in older
   * fixtures; with no closure in scope, `Math.sin(a)`).
   */
  | { k: 'apply'; c: number; a: Expr };

export type Cond =
  | { k: 'cmp'; op: CmpOp; a: Expr; b: Expr }
  | { k: 'and' | 'or'; a: Cond; b: Cond }
  | { k: 'not'; a: Cond }
  /** A test of a number: `Number.isFinite(a)`, `isNaN(a)`, … (render.ts: `numberTests`), by index. */
  | { k: 'test'; test: number; a: Expr }
  /** `Object.is(a, b)`. */
  | { k: 'same'; a: Expr; b: Expr }
  /** `a` compared with Infinity, NaN or a Number constant (render.ts: `boundForms`), by index. */
  | { k: 'bound'; which: number; a: Expr }
  /** A boolean local or parameter in scope (`true` where there is none). */
  | { k: 'flag'; i: number }
  /** Two booleans compared: `(a === b)`, or `!==` when `ne`. */
  | { k: 'iff'; a: Cond; b: Cond; ne: boolean }
  /** A call of a helper that returns a boolean (a comparison of the arguments where there is none). */
  | { k: 'pred'; h: number; args: Expr[] }
  /** `typeof v === 'number'` (or `!==` when `ne`) on a number in scope: folded by the transform, `true`/`false` in the twin. */
  | { k: 'typeof'; i: number; ne: boolean };

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '**=' | '|=';

export type Stmt =
  | { k: 'let'; e: Expr; isConst: boolean }
  | { k: 'assign'; t: number; op: AssignOp; e: Expr }
  | { k: 'inc'; t: number; dec: boolean; prefix: boolean }
  | { k: 'if'; c: Cond; then: Stmt[]; else: Stmt[] | null }
  /**
   * for (let i = 0; i < n; i++), or over the input array when `overInput` (array programs); with
   * `varCounter`, `for (var i = 0; …)`, reusing the counter of a finished `for (var …)` loop if any
   * (a `var` declared twice), and read after the loop.
   */
  | { k: 'for'; n: number; overInput: boolean; body: Stmt[]; varCounter?: boolean }
  /** `assignTest`: the counter is incremented in the test, `while (++i <= n)` (while loops only). */
  | { k: 'while'; n: number; doWhile: boolean; body: Stmt[]; assignTest?: boolean }
  /** `for (const v of A) body` over an array in scope. */
  | { k: 'forOf'; arr: number; body: Stmt[] }
  /** `const [a, , b = e] = A`: names for positions 0…count (past the end: the default), a hole at 1 when `hole`. */
  | { k: 'destructure'; arr: number; count: number; hole: boolean; e: Expr }
  /**
   * `if (c) break;` / `if (c) continue;` — rendered only inside a loop (a `break` also inside a
   * switch); with `label`, to the enclosing loop it picks (`continue outer`).
   */
  | { k: 'jump'; kind: 'break' | 'continue'; c: Cond; label?: number | null }
  /** `var v = e`, or with `again`, `var w = e` for a `var` w declared before (the same variable). */
  | { k: 'var'; e: Expr; again: number | null }
  /**
   * `switch` on an integer of the input (`key | 0`), cases of small integer labels, each ending in
   * `break` or falling through, `default` at position `def` (none when null).
   */
  | { k: 'switch'; key: Expr; cases: { label: number; body: Stmt[]; brk: boolean }[]; def: number | null }
  /** `if (c) return e;` — an early return (array programs return a row of expressions). */
  | { k: 'return'; c: Cond; e: Expr }
  /**
   * An array method with an inline callback over an array in scope, its body reading the value `x`,
   * the index `i` (a counter, and an index of the array) and the scope: `const v = A.reduce((s, x, i) => e, init)`
   * (no initial value when `init` is null), `const a = A.map((x, i) => e)`, `A.forEach((x, i) => { t += e; })`,
   * `const b = A.some((x, i) => c)` / `every`. With `block`, a block body that returns early where `c`
   * holds (`{ if (c) return s; return e; }`; some/every: `{ if (c) return true; }`, undefined otherwise).
   */
  | { k: 'method'; method: 'reduce' | 'map' | 'forEach' | 'some' | 'every'; arr: number; e: Expr; c: Cond; init: Expr | null; block: boolean; t: number }
  /**
   * A local array reassigned in a loop: `let r = A.slice(); for (let k = 0; k < n; k++) r = r.map((x, i) => e);`
   * over an array in scope (absent in older fixtures).
   */
  | { k: 'rebind'; arr: number; n: number; e: Expr }
  /** const a: number[] = [e…] — a local array of fixed length. */
  | { k: 'array'; elems: Expr[] }
  /** `const p: number[] = []; p.push(e);…` — a local array built by push, then in scope (passed to helpers, spread) (absent in older fixtures). */
  | { k: 'pushed'; elems: Expr[] }
  /**
   * `const w = fzScaled(A, e);` — the new array a helper of the helpers module returns (render.ts:
   * `arrayCallDeclaration`), from an array in scope, then in scope itself; in a loop body, called
   * at each step (absent in older fixtures).
   */
  | { k: 'arrayCall'; arr: number; e: Expr }
  | { k: 'setElem'; arr: number; idx: number; e: Expr }
  /** A boolean local: `const b = c` / `let b = c`. */
  | { k: 'flag'; c: Cond; isConst: boolean }
  /** `b = c`, `b &&= c`, `b ||= c` on a boolean let or parameter in scope. */
  | { k: 'setFlag'; t: number; op: '=' | '&&=' | '||='; c: Cond }
  /**
   * A helper that writes its results into an array argument (render.ts: `outForms`, gl-matrix's
   * `add(out, a, b)`), called on a new local array as a statement; then a number local reads both
   * elements, and the array stays in scope.
   */
  | { k: 'outCall'; which: number; a: Expr; b: Expr }
  /**
   * A local record, tuple or class instance (render.ts: `recordForms`, by index) made of the
   * first of `elems` — an interface, a nested record, a tuple `FzVec3`, an object type, the record
   * a helper returns, `new FzSpring(…)`, another name for a record in scope — whose numbers (fields,
   * elements) join the scope: read, and written where JavaScript allows (absent in older fixtures).
   */
  | { k: 'record'; form: number; elems: Expr[] }
  /**
   * A record with array fields (render.ts: `FunctionWriter.model`, by form): `const m: FzModel =
   * { weights: […], bias }`, the record a helper returns (held, written, destructured), or a local
   * array of the scope as its field (the same array, written through the record); read by a helper
   * into a number local (absent in older fixtures). With `here` (absent in older fixtures: 0), the
   * record is returned by `fzUnpackHere` of the main module (render.ts: `unpackHere`) instead: held
   * and written (1) or destructured (2), or, 3, called with constant arguments, where the call needs
   * no tangent (forward mode calls the plain function there; reverse mode's forward sweep calls
   * every callee so, 74e14c6).
   */
  | { k: 'model'; form: number; elems: Expr[]; here?: number }
  /** A number local computed from a record in scope (render.ts: `recordUses`, by the record's kind): `fzNormSq(r)`, `s.energy(e)`. */
  | { k: 'useRecord'; r: number; form: number; e: Expr }
  /** `const ps: FzPoint[] = [{ x, y }, …]`: a local array of 1–3 records of the expressions (absent in older fixtures). */
  | { k: 'points'; elems: Expr[] }
  /**
   * Over an array of records in scope (render.ts: `FunctionWriter.overPoints`, by form): `for…of`
   * and an index loop running `body` with the record's fields in scope, `reduce` and `map` of `e`,
   * `push` of a new record (absent in older fixtures).
   */
  | { k: 'overPoints'; arr: number; form: number; body: Stmt[]; e: Expr; init: Expr }
  /**
   * A closure (render.ts: `FunctionWriter.closure`, by form): an arrow capturing the scope (loop
   * counters included), an immediately called factory, a factory of the helpers module; called by
   * `apply` expressions (absent in older fixtures).
   */
  | { k: 'closure'; form: number; e: Expr; a: Expr }
  /**
   * A local matrix (render.ts: `FunctionWriter.matrix`, by form) of the expressions: a ragged
   * literal of rows, `Array.from({ length: 2 }, (_, i) => […])`, rows pushed onto `[]`,
   * `new Array(2).fill(0).map(…)`, zeros written element by element; then read into a number local
   * by `for (const row of m)` or a row's name (`const r = m[…]`, `r.length`), and its elements join
   * the scope as assignable numbers `m[i][j]` (absent in older fixtures); with `rows`, its rows join
   * the scope's arrays, read by index and spread (`Math.hypot(...m[1])`; absent in older fixtures).
   */
  | { k: 'matrix'; form: number; elems: Expr[]; rows?: boolean };

export interface Helper {
  arity: 1 | 2;
  /** Declared in the differentiated module, or in a second module it imports. */
  otherModule: boolean;
  /** Exported as an arrow function constant instead of a function declaration. */
  arrow: boolean;
  /** Recursive helpers take a depth `n` and call themselves with n - 1 (the call passes `depth`). */
  recursion: { depth: number; step: number } | null;
  /** Takes a readonly number[] after its numbers, passed by name by callers with an array in scope. */
  arrayParam?: boolean;
  /** A default for the last number parameter (arity 2, no array parameter, not recursive), over the first; some calls omit it. */
  defaultLast?: Expr | null;
  /**
   * How `defaultLast` is written: 0 (or absent) as a default value; 1, 2, 3 as an optional
   * parameter (`k?: number`) given its value by `if (k === undefined) k = …;` (`== null`,
   * `=== void 0`), as compilers write defaults: a call that omits it calls the version of the
   * helper for fewer arguments, where the test folds.
   */
  optionalForm?: number;
  body: Stmt[];
  ret: Expr;
  /** Returns the boolean `retCond` instead of a number (absent in older fixtures: a number). */
  returnsBoolean?: boolean;
  retCond?: Cond;
  /**
   * Declared inside the main function (absent in older fixtures: at module level), as a local
   * function that reads the main function's number inputs; callable from the main function and
   * from later local helpers only. Never in the other module, never with a default.
   */
  local?: boolean;
  /** The return type of a boolean helper left to the checker (no annotation). */
  inferred?: boolean;
  /** Takes a boolean parameter `up` after its numbers and array (absent in older fixtures). */
  flagParam?: boolean;
}

export type Shape = 'scalar' | 'params' | 'array' | 'arrayOut';

export interface Program {
  shape: Shape;
  /** Inputs (params/array/arrayOut); 1 for scalar. */
  n: number;
  /** Outputs of an arrayOut program. */
  m: number;
  /** A module-level constant the program may read. */
  k: number;
  helpers: Helper[];
  body: Stmt[];
  /** The return value: one expression, or m of them for arrayOut. */
  ret: Expr[];
  /** Evaluation points: each has n coordinates. */
  points: number[][];
  /** Which verb forms to call (varies the call sites: curried, value-and forms…). */
  verbVariant: number;
  /** Array programs: the input typed Float64Array (absent in fixtures written before it existed). */
  float64?: boolean;
  /**
   * Array programs (absent in older fixtures): the input is a record `{ c0: number; … }` of n
   * fields, which the call sites pass as a record and whose gradient is a record; an arrayOut
   * program also returns a record `{ o0: …, … }`. The run-time engine's twin keeps arrays.
   */
  record?: boolean;
  /** Older fixtures: called every verb with { nanSafe: true }, an option that is gone (ignored). */
  nanSafe?: boolean;
  /**
   * Data (absent in older fixtures): the function takes a trailing `data: readonly number[]`, and
   * the call sites differentiate an arrow `(x) => f(x, D)` capturing `D` as a constant of the
   * derivative — a parameter of the enclosing function, or a module-level array when `dataModule`.
   */
  data?: number[];
  dataModule?: boolean;
  /**
   * With data (absent in older fixtures: no): `D` is a matrix `readonly (readonly number[])[]` of
   * two rows, [data[0]] and data (ragged), read where the data array is read (elements, past the
   * end of a row, lengths in loops) as `D[0][i]`, `D[1].length`, … — never iterated by for…of,
   * destructured, given to an array method (DDX1023) nor passed to a helper (test/matrices.test.ts).
   */
  dataMatrix?: boolean;
  /**
   * The names of the plain function's inputs, of the helpers' parameters and of the captured data,
   * by set (render.ts: NAME_SETS): names that generated code or the run-time engine also use
   * (absent in older fixtures: the usual names). The twin keeps the usual names.
   */
  names?: number;
  /**
   * Written as CommonJS packages write numeric code (absent in older fixtures: no): module
   * constants made through aliases of Math and Number and with bitwise operators, one read from
   * the other module; assignable boolean locals declared with `var`.
   */
  packageStyle?: boolean;
  /**
   * Programs without data or records of shape scalar, params or array (absent in older fixtures: 0):
   * the main function is the method `run` of a module-level instance `model<p>` of a class of numbers,
   * its body also reading `this.k` and `this.c` (and its local helpers, if any, its parameters); the
   * call sites differentiate `model<p>.run` (1), also inside nested verbs, or an arrow calling it (2),
   * as `derivative(model.energy, r)` and `gradient((p) => model.energy(p), p0)`; 3 and 4 the same
   * with `model<p>` a module-level const object literal `{ k, c, run(…) { … } }` (issue 14).
   */
  method?: number;
  /**
   * Kinds drawn after every other field (absent in older fixtures and in two programs in three), so
   * that a seed gives the other fields it gave before they existed (see {@link Extra}).
   */
  extra?: Extra;
}

/** What a program writes besides its other fields (Program.extra). */
export interface Extra {
  /**
   * The helpers of the main module as members (82fb531): 1 methods of a module-level const object
   * literal `H<p>` (an arrow helper a function-valued property), 2 static methods of a class `H<p>`,
   * called `H<p>.h…(…)`; with `memberMain`, the main function too, differentiated as `H<p>.f<p>`.
   */
  members: 0 | 1 | 2;
  memberMain: boolean;
  /**
   * Helpers taking an array take it as a rest parameter `...xs` after their other parameters
   * (956b76b), called with the elements of the literal as trailing arguments or an array in scope spread.
   */
  rest: boolean;
  /**
   * Module-level coefficient tables in the main function's scope (c963466): `TB<p>` of this module
   * (these numbers) and `TI<p>` imported from the helpers module (them reversed), read like the
   * scope's other arrays and passed by name to helpers that only read them.
   */
  table: number[] | null;
  /**
   * The number locals of the main function and of its helpers take names that generated code and
   * solvers use (render.ts: `clashNames`: `d_x`, `ddxR`, `t0`, `codes`, `top`, `v`, `s`, …), so that
   * closures and solver arrows capture variables of those names (cf42831).
   */
  clash: boolean;
  /**
   * A call of a solver (render.ts: `solverForms`, by `which`: a sum over an array, a fixed-point
   * iteration, a sum of f·f′ with `derivative(f, v)` inside) given an arrow capturing the scope, made
   * at the end of the main body and added to every returned value.
   */
  solve: { which: number; e: Expr; arr: number; x0: Expr } | null;
  /**
   * A number local computed in a `try` block and changed by its `finally` block (the safe subset:
   * no return, break or continue out of either, a finally block that assigns the function's own
   * local and calls only Math), made at the end of the main body, then in scope (absent in older
   * fixtures): `let v = a; try { v = v * b; } finally { v = v + Math.sin(v); }`.
   */
  fin?: { a: Expr; b: Expr } | null;
  /**
   * A nested verb in the main body (absent in older fixtures): a local matrix (as the `matrix`
   * statement's `form` and `elems` make it) and a row of it by name, then
   * `const v = derivative((u) => e + (M[1][0] + row[0]) * (u * u), x0)`, whose arrow captures both and
   * reads the scope (89bdbe4); then in scope. Where nested verbs are kept away (noNestedVerb), the
   * arrow, named, is called at x0 instead.
   */
  nested?: { form: number; elems: Expr[]; e: Expr; x0: Expr } | null;
  /**
   * A function-level object literal with methods (absent in older fixtures; 8ee5603): `const o =
   * { k: …, c: …, e(v) { return this.k * … + this.c * e; }, twice(v) { return this.e(this.e(v)); },
   * sq: (v) => v * v + … }`, its methods reading `this` and the scope, and a number local of a use
   * of it by `form` (`o.e(a)`, `o.e(a) * o.k`, `o.twice(a)`, `o.sq(a) + o.c`); then in scope.
   */
  object?: { form: number; k: Expr; c: Expr; e: Expr; a: Expr } | null;
  /**
   * A record with an optional field (absent in older fixtures; render.ts: `FunctionWriter.optionalFields`):
   * `fzOpt(a, b)` of the helpers module, which sets `y` only where b > 0, or a local `const o: FzOpt =
   * { x: a }; if (c) o.y = b;`, then read by `form` as `o.y ?? e`, `o.y === undefined ? … : …`,
   * `const { x, y } = o` (y then `?? e`), `fzOptSum(o)`, `fzOptOr(o)` (a destructured parameter given
   * its default by `if (y === undefined) y = 1`), or `o.y` written where present; absent, the field is
   * undefined as in JavaScript. `o.x` then in scope.
   */
  optional?: { form: number; a: Expr; b: Expr; c: Cond; e: Expr } | null;
  /**
   * Records passed to callees of parameters with no type (absent in older fixtures; render.ts:
   * `FunctionWriter.untypedRecords`): an object literal `{ r: a, g: b, b: e }`, or the record
   * `fzToLin`/`fzToLab` return for one, optionally a field written, then read by `fzLum(c)`,
   * `fzLum(fzToLin(c))`, `fzLumA(c)` (no alpha: undefined), `fzLumA({ …, alpha })` or `fzAreaU` of a
   * point in scope; its fields then in scope.
   */
  untyped?: { form: number; a: Expr; b: Expr; e: Expr; w: Expr | null } | null;
}
