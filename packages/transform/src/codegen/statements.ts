/**
 * Generated code as a tree of statements (plain data), printed once by ./printer.ts. Expressions
 * are `Code` (./code.ts). Each statement may carry the source node it was generated from (for
 * source maps) and a trailing comment (`// tangent of: …`).
 */
import type { ts } from 'ts-morph';
import type { Code } from './code.js';

interface Common {
  /** Printed after a statement that fits on one line, as `// comment`. */
  readonly comment?: string;
  /** The source node the statement was generated from. */
  readonly node?: ts.Node;
  /** A one-line doc comment printed above the statement: `/** doc *\/`. */
  readonly doc?: string;
}

/** `name: type = init` in a declaration (type and initialiser optional). */
export interface Declarator {
  readonly name: string;
  /** `name!: type`: assigned before it is read on every path that reads it (a hoisted `var`). */
  readonly definite?: boolean;
  readonly type?: string;
  readonly init?: Code;
}

export interface Param {
  readonly name: string;
  readonly type: string;
}

export type Statement = Common & (
  | { readonly k: 'declare'; readonly keyword: 'const' | 'let' | 'var'; readonly declarators: readonly Declarator[] }
  /** `a = b = value;` */
  | { readonly k: 'assign'; readonly targets: readonly Code[]; readonly value: Code }
  | { readonly k: 'expression'; readonly code: Code }
  | { readonly k: 'return'; readonly value?: Code }
  | { readonly k: 'throw'; readonly value: Code }
  | { readonly k: 'break'; readonly label?: string }
  | { readonly k: 'continue'; readonly label?: string }
  /** `label: statement` (a loop or a block). */
  | { readonly k: 'labelled'; readonly label: string; readonly body: Statement }
  /** `{ … }`; as the body of an if or a loop, its braces follow the head. */
  | { readonly k: 'block'; readonly body: readonly Statement[] }
  /** Several simple statements on one line (the comment after the last). */
  | { readonly k: 'oneLine'; readonly statements: readonly Statement[] }
  /** A body that is not a block is printed on the head's line: `if (test) statement;`. */
  | { readonly k: 'if'; readonly test: Code; readonly then: Statement; readonly else?: Statement }
  /** `for (init; test; update) body`: init a declaration or an assignment, each part optional. */
  | { readonly k: 'for'; readonly init?: Statement; readonly test?: Code; readonly update?: Code; readonly body: Statement }
  | { readonly k: 'while'; readonly test: Code; readonly body: Statement }
  | { readonly k: 'do'; readonly body: Statement; readonly test: Code }
  | {
    readonly k: 'function'; readonly exported: boolean; readonly name: string;
    readonly params: readonly Param[]; readonly returnType?: string; readonly body: readonly Statement[];
  }
);

export const block = (body: readonly Statement[]): Statement => ({ k: 'block', body });

/** `label: body` where a label is given, else `body`. */
export const labelled = (label: string | undefined, body: Statement): Statement => (label === undefined ? body : { k: 'labelled', label, body });

/** `const a = x, b = y;` (or `let`, `var`). */
export const declare = (keyword: 'const' | 'let' | 'var', declarators: readonly Declarator[], common: Common = {}): Statement =>
  ({ k: 'declare', keyword, declarators, ...common });

export const assign = (target: Code, value: Code, common: Common = {}): Statement => ({ k: 'assign', targets: [target], value, ...common });

export const expression = (code: Code, common: Common = {}): Statement => ({ k: 'expression', code, ...common });

export const ret = (value?: Code, common: Common = {}): Statement => ({ k: 'return', value, ...common });
