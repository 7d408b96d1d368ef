/**
 * The plain-data form of a numeric function, produced by `lower.ts`, rewritten by `normalise.ts`,
 * and read by the activity analysis, the checks and both emitters (the pass order is at the top
 * of program.ts). Every node keeps its TypeScript node for comments and positions; no pass after
 * lowering reads its text.
 */
import type { BinaryName, SpecialName, UnaryName } from '@ddx/dual';
import type { ts } from 'ts-morph';

/**
 * A parameter or local: a number, an array of numbers, or a boolean. Records, tuples and matrices
 * are arrays of numbers here (scalarise.ts): a matrix parameter one array with a row-offset table
 * in front; a local matrix (built in the function, `localMatrices`) the array of its elements row
 * after row and a hidden local array of where its rows start, both plain local arrays. A boolean is never
 * differentiated: it is computed from primal values (comparisons, tests) and only read as a
 * condition, so both emit modes keep it a plain JS boolean.
 */
export interface Var {
  readonly id: number;
  /** Its name in generated code: the source name, unless that would hide a global the code reads. */
  readonly name: string;
  /** Its name in the source (a call site passes a captured value by this name). */
  readonly sourceName: string;
  readonly kind: 'number' | 'array' | 'boolean';
  readonly isParam: boolean;
  /** Declared with `const`. */
  readonly isConst: boolean;
}

export type ArithOp = '+' | '-' | '*' | '/' | '%' | '**';
export type CompareOp = '<' | '<=' | '>' | '>=' | '===' | '!==' | '==' | '!=';
/** Bitwise operators and shifts (on the 32-bit integers of their operands). */
export type BitwiseOp = '|' | '&' | '^' | '<<' | '>>' | '>>>';
/**
 * The tests of one number a condition may call, as written: `Number.isNaN(a)` …, and the global
 * `isNaN(a)`/`isFinite(a)`, which convert their argument first (to them an element read past the
 * end of an array, undefined, is NaN).
 */
export type NumberTest = 'Number.isFinite' | 'Number.isNaN' | 'Number.isInteger' | 'Number.isSafeInteger' | 'isFinite' | 'isNaN';

export type Expr =
  /**
   * A constant: a numeric literal, `Infinity`, `NaN`, `Math.PI`-style, `Number.EPSILON`-style, or a
   * module constant's name. `value`: set for a numeral (a literal of the source, as written in
   * `text`, or one the compiler writes), its value; absent for the named constants and globals.
   */
  | { k: 'num'; text: string; value?: number; node: ts.Node }
  | { k: 'var'; v: Var; node: ts.Node }
  | { k: 'elem'; arr: Var; index: Expr; node: ts.Node }
  | { k: 'len'; arr: Var; node: ts.Node }
  | { k: 'neg'; a: Expr; node: ts.Node }
  | { k: 'bin'; op: ArithOp; a: Expr; b: Expr; node: ts.Node }
  | { k: 'math'; name: string; args: Expr[]; node: ts.Node }
  /**
   * A Math function of all the elements of an array, `Math.hypot(...g)`: one function of n
   * arguments, differentiated by its n-argument rule (rules.ts, hypotRule) over the elements —
   * not a chain of two-argument calls, whose second derivative differs where leading elements are
   * 0 (hypot(0, x) has none at x = 0, ‖g‖ does). Active when the array is. (`Math.max(...g)` and
   * `Math.min(...g)` are folds of their two-argument rows, which is exact: lower.ts, spreadExtreme.)
   */
  | { k: 'mathOver'; name: 'hypot'; arr: Var; node: ts.Node }
  | { k: 'call'; fn: NumericFunction; args: Expr[]; node: ts.Node }
  /**
   * A call of a function made by `defineFunction` (one argument): differentiated with the rule's
   * given derivatives, never through its body — a unary rule row whose value and partials the
   * generated code computes by calling the user's functions at run time. Active as a unary Math
   * function is (when its argument is).
   */
  | {
    k: 'custom'; rule: CustomRule; args: [Expr]; node: ts.Node;
    /** Only as a `partial`'s value (derivative code, analyze/tangent.ts): the rule's given df at the argument (`f.definition.df(x)`). */
    derivative?: 'df';
  }
  /**
   * A call of a special function of a package with a built-in rule (@ddx/dual's `specialRules`,
   * keyed by the package's module, mathNames.ts): differentiated with the rule, never through its
   * body (which reads the bits of doubles); the generated code calls the package's function for
   * the value, through an import of its own. Active when an argument is.
   */
  | {
    k: 'special'; fn: SpecialFunction; args: Expr[]; node: ts.Node;
    /** Only as a `partial`'s value (derivative code, analyze/tangent.ts): the rule's partial by argument `partial` (`specialRules.erf.partial(0, y, x)`). */
    partial?: number;
  }
  /**
   * A rule's first-order partial in derivative code (analyze/tangent.ts makes it, nothing else): in
   * the tangent code reverse mode differentiates for the Hessian (emit/reverse/hvp.ts) every rule's,
   * in a nested verb's derivative code those of defineFunction rules and special functions (whose
   * value is a call evaluated on numbers). Its value is `value`, the rule's first-order row
   * (rules.ts) at the rule's arguments `args`; a backend differentiates it by the rule's
   * second-order row at `args` (into `args` only), never through `value`'s own operations, so that
   * the Hessian is forward mode's at singular points too.
   */
  | { k: 'partial'; row: PartialRow; value: Expr; args: Expr[]; node: ts.Node }
  | { k: 'cond'; test: Cond; a: Expr; b: Expr; node: ts.Node }
  /**
   * `a | b`, `a << b`, …, and `~a`: piecewise constant in its operands (an integer), so derivative 0
   * and never active (activity.ts); computed as written on the primal values of its operands.
   */
  | { k: 'bitwise'; op: BitwiseOp; a: Expr; b: Expr; node: ts.Node }
  | { k: 'bitnot'; a: Expr; node: ts.Node }
  /**
   * A boolean value: the initializer or assigned value of a boolean local, an argument passed to a
   * boolean parameter, the value a boolean function returns. Lowering puts it nowhere else (never
   * an operand of arithmetic); never active.
   */
  | { k: 'boolean'; test: Cond; node: ts.Node }
  /**
   * An argument of a call (`call`, `predicate`) that takes `param`'s default: where the call leaves
   * it out, or as the right side of `a ?? default` for a given argument that may be undefined (as
   * JavaScript, which takes the default for undefined). normalise.ts puts the default's expression
   * there, over the arguments before it; only lowering's own walks and the interpreter see it.
   */
  | { k: 'default'; param: Var; node: ts.Node };

/**
 * Which partial a `partial` node is: of a unary row, of a binary row by its argument `i`, of hypot
 * by its argument `i`, of a defineFunction rule, of a special function by its argument `i`, of
 * `Math.hypot(...arr)` by the element the node's one argument reads (`arr[i]`: its second-order row
 * reaches every element of `arr`).
 */
export type PartialRow =
  | { k: 'unary'; name: UnaryName }
  | { k: 'binary'; name: BinaryName; i: 0 | 1 }
  | { k: 'hypot'; i: number }
  | { k: 'custom'; rule: CustomRule }
  | { k: 'special'; fn: SpecialFunction; i: number }
  | { k: 'hypotOver'; arr: Var };

export type Cond =
  | { k: 'cmp'; op: CompareOp; a: Expr; b: Expr; node: ts.Node }
  | { k: 'not'; a: Cond; node: ts.Node }
  | { k: 'logic'; op: '&&' | '||'; a: Cond; b: Cond; node: ts.Node }
  | { k: 'truthy'; a: Expr; node: ts.Node }
  /** `a` is neither undefined nor null (the test of `a ?? b`: an element read out of bounds is undefined). */
  | { k: 'defined'; a: Expr; node: ts.Node }
  | { k: 'bool'; value: boolean; node: ts.Node }
  /** `Number.isFinite(a)`, `isNaN(a)`, …: a test of the primal value of `a`. */
  | { k: 'test'; test: NumberTest; a: Expr; node: ts.Node }
  /** `Object.is(a, b)`: the primal values are the same value (NaN is NaN, 0 is not -0). */
  | { k: 'same'; a: Expr; b: Expr; node: ts.Node }
  /**
   * Every part of `a` is exactly 0 — the primal `a === 0`, and so are its tangents where code
   * holding the test is differentiated again: derivative code's zero-tangent guard (tangent.ts),
   * as the engine's "an exactly zero tangent contributes nothing" at every level of nesting.
   */
  | { k: 'zero'; a: Expr; node: ts.Node }
  /** A boolean parameter or local, read. */
  | { k: 'flag'; v: Var; node: ts.Node }
  /** A call of a function that returns a boolean (computed on primal values). */
  | { k: 'predicate'; fn: NumericFunction; args: Expr[]; node: ts.Node }
  /** Two booleans compared: `a === b`, `a !== b` (`==`, `!=` alike). */
  | { k: 'iff'; op: '===' | '!==' | '==' | '!='; a: Cond; b: Cond; node: ts.Node }
  /** `test ? a : b` between booleans. */
  | { k: 'choose'; test: Cond; a: Cond; b: Cond; node: ts.Node };

/** An array written out: a literal, or made of a length and a value. */
export type ArrayMade =
  | { k: 'arrayLit'; elems: Expr[]; node: ts.Node }
  /** `new Array(n).fill(c)`, or `new Float64Array(n)` (`typed`, filled with 0). */
  | { k: 'newArray'; length: Expr; fill: Expr; typed: boolean; node: ts.Node };

/** How a local array is created. */
export type ArrayInit =
  | ArrayMade
  /**
   * The new array a callee returns (`const g = grad(p)`, a callee returning a record): the callee
   * returns an array it made, never one of its parameters, so the local is the caller's own.
   */
  | { k: 'arrayCall'; call: Extract<Expr, { k: 'call' }>; node: ts.Node };

export type Stmt =
  /**
   * `hoisted`: the one declaration of a `var`, at the start of the function body and uninitialised
   * (read before its first assignment it is undefined, as in JavaScript); each `var x = e` is a `set`.
   */
  /**
   * `table`: the copy of a module-level table a function reads (lower.ts moduleLocal), never written
   * anywhere (moduleArrays.ts proves it): backends may bind it to one array made once per module.
   */
  | { k: 'let'; v: Var; init: Expr | ArrayInit | undefined; node: ts.Node; hoisted?: true; table?: true }
  /** `form`: how the assignment was written, when it was `v++`/`++v`/`v += e`/… (so generated code may write it so). */
  | { k: 'set'; v: Var; value: Expr; node: ts.Node; form?: UpdateForm }
  | { k: 'setElem'; arr: Var; index: Expr; value: Expr; node: ts.Node }
  | { k: 'push'; arr: Var; value: Expr; node: ts.Node }
  | { k: 'if'; test: Cond; then: Stmt[]; else: Stmt[] | undefined; node: ts.Node }
  /** Loops and blocks may carry a label, the target of a `break label` (a loop's also of `continue label`). */
  | { k: 'for'; init: Stmt[]; test: Cond | undefined; update: Stmt[]; body: Stmt[]; node: ts.Node; label?: string }
  | { k: 'while'; test: Cond; body: Stmt[]; node: ts.Node; label?: string }
  | { k: 'do'; body: Stmt[]; test: Cond; node: ts.Node; label?: string }
  /**
   * `for (const v of xs) body` as written; normalise.ts makes it a counted `for` (only lowering's
   * own walks and the interpreter see it). `index`, a fresh local, counts from 0 while below
   * `length`, read before each step as the array iterator reads it (elements pushed in the body
   * are visited); `bind` gives the loop variable the element at `index`, first in each step.
   */
  | { k: 'forOf'; index: Extract<Expr, { k: 'var' }>; length: Expr; bind: Stmt; body: Stmt[]; node: ts.ForOfStatement; label?: string }
  | { k: 'break'; node: ts.Node; label?: string }
  | { k: 'continue'; node: ts.Node; label?: string }
  /**
   * An array returned is a local array, a parameter, or made here (a callee's array is held in a
   * local first). After normalise, a function returning a number or a boolean has one `return`,
   * the last statement of its body (`result`); an array-valued function's returns end paths to the
   * end of its body, except where normalise.ts (singleExit) says it keeps an early return.
   */
  | { k: 'return'; value: Expr | ArrayMade; node: ts.Node }
  /**
   * A call run for what it writes into its array arguments (`add(out, a, b);`, `rk4Step(y, h);`):
   * the callee writes elements of the arrays passed to its `writes` parameters, which are the
   * caller's own (a local array, or a parameter the caller writes in turn); its value is unused.
   */
  | { k: 'effect'; call: Extract<Expr, { k: 'call' }>; node: ts.Node }
  /**
   * `throw …` as written: the source text of the thrown expression, in pieces, between the values
   * of this function it reads (`Expr`s: numbers, elements, lengths, module constants), which are
   * printed as their primal values. Not differentiated.
   */
  | { k: 'throw'; parts: (string | Expr)[]; node: ts.Node }
  | { k: 'block'; body: Stmt[]; node: ts.Node; label?: string }
  /**
   * `switch` as written; normalise.ts turns it into ifs (only lowering's own walks and the
   * interpreter see it). `key` is read once: a number literal or a local (lowering holds any other
   * discriminant in a const first). The clauses, in order, are entered at the first whose test is
   * `=== key`, else at `default`, and control falls from one into the next; a `break` of the
   * switch is a `break label`.
   */
  | { k: 'switch'; key: Expr; clauses: SwitchClause[]; label: string; node: ts.SwitchStatement };

/** A clause of a `switch`: `case test:` (`test` undefined for `default:`) and its statements. */
export interface SwitchClause {
  readonly test: Expr | undefined;
  readonly body: Stmt[];
  readonly node: ts.CaseOrDefaultClause;
}

/**
 * An assignment written as an increment (`step`: `v++`, `--v`, whose value is `v ± 1`) or as a
 * compound assignment (`compound`: `v op= e`, whose value is `v op e`, a `bin` or `bitwise`).
 */
export type UpdateForm =
  | { k: 'step'; op: '++' | '--'; prefix: boolean }
  | { k: 'compound'; op: ArithOp | BitwiseOp };

/**
 * A module-level `const name = defineFunction('…', f, df, d2f?)` of @ddx/dual. The generated code
 * reaches it by `name` in its own module, else by an import of `exportedAs` from `fileName`, and
 * calls the value `name(x)` and the derivatives `name.definition.df(x)`, `….d2f(x)`.
 */
export interface CustomRule {
  /** The const's name where it is declared. */
  readonly name: string;
  readonly fileName: string;
  /** The name its module exports it under, or undefined when it does not export it. */
  readonly exportedAs: string | undefined;
  /** Whether `defineFunction` was given a second derivative (a fourth argument). */
  readonly hasSecond: boolean;
  readonly node: ts.VariableDeclaration;
}

/** A special function of a package with a built-in rule, as a module imports it. */
export interface SpecialFunction {
  /** Its row in @ddx/dual's `specialRules`. */
  readonly name: SpecialName;
  /** The specifier and the export (`default`, or a name) of the import it was reached through. */
  readonly module: string;
  readonly exportName: string;
  /** The module that imports it, and the import. */
  readonly importer: string;
  readonly node: ts.Node;
}

/** A module-level `const` of a number built from literals and Math constants. */
export interface ModuleConstant {
  readonly name: string;
  readonly fileName: string;
  /** The initializer, lowered (literals, Math constants, arithmetic). */
  readonly value: Expr;
}

/** A plain numeric function, lowered. */
export interface NumericFunction {
  /** Unique per declaration, in discovery order (used for deterministic names). */
  readonly id: number;
  /** The declared name, or a generated one for an inline arrow. */
  readonly name: string;
  readonly node: ts.Node;
  readonly fileName: string;
  readonly params: Var[];
  /** Statements that unpack a destructured array parameter, run first. */
  readonly body: Stmt[];
  /**
   * From the return type the checker gives (a boolean), else from the returned values; 'void' for
   * a function without a return statement that writes its results into array parameters.
   */
  readonly returns: 'number' | 'array' | 'boolean' | 'void';
  /**
   * The array parameters (by index) whose elements the function writes, directly (`out[0] = …`)
   * or by passing them to a callee that does — out-parameters; `at`: the first write, for
   * diagnostics. A call passes each of them an array of its own (outparams.ts).
   */
  readonly writes?: readonly { readonly index: number; readonly at: ts.Node }[];
  /**
   * The local the one `return` returns where normalise.ts (singleExit) gave the function one exit:
   * set once on every path (where a `return` was), read by that return only. Its adjoint is the
   * seed where it is set.
   */
  readonly result?: Var;
  /** The index of the written array parameter every return returns (gl-matrix's `return out`). */
  readonly returnsParam?: number;
  /**
   * Numbers an inline arrow reads from its enclosing function (never assigned there): passed to
   * the generated code as trailing constant arguments, by the same names, from the call site.
   */
  readonly captures: readonly Var[];
  /**
   * A local function (or a specialisation of a function that takes functions): the declarations of
   * enclosing variables it reads. They are its last parameters, and each call passes the binding
   * each names at the call (closures.ts).
   */
  readonly captured?: readonly ts.Declaration[];
  /** Declared at module level under `name`, so code elsewhere in its module can call it by name. */
  readonly moduleLevel: boolean;
  /** Every identifier name used in the function (generated names avoid them). */
  readonly usedNames: ReadonlySet<string>;
  /** Module constants the body reads (a `num` whose text is the constant's name), by name. */
  readonly constants: ReadonlyMap<string, ModuleConstant>;
  /**
   * Per parameter, its default value (`k = 2`, `k = x * 2`: over the earlier parameters), which a
   * call that omits the argument passes instead (a `default` argument, until normalise.ts puts
   * the value there); undefined for a parameter without one.
   */
  readonly defaults?: readonly (Expr | undefined)[];
}
