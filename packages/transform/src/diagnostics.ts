/**
 * Diagnostics: every input the transform cannot compile exactly is rejected with a stable code,
 * a message that says what to do, its position and a code frame. Codes are documented in
 * DIAGNOSTICS.md; their meaning never changes. DDX1xxx are errors (no output); DDX2xxx are
 * warnings: the code compiles, but something about its derivative deserves the user's eye.
 */
import { ts } from 'ts-morph';

export interface Diagnostic {
  /** Stable, 'DDX' + 4 digits, e.g. 'DDX1001'. */
  code: string;
  /** 'error' (DDX1xxx): the module is not compiled; 'warning' (DDX2xxx): it is, and this is reported beside it. */
  severity: Severity;
  /** Says what is wrong and what to do. */
  message: string;
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** A few source lines with a caret under the column. */
  frame: string;
}

/** Every diagnostic code with its one-line meaning (the full text is in DIAGNOSTICS.md). */
export const diagnosticCodes = {
  DDX1001: 'syntax error in the input module',
  DDX1002: 'statement kind not supported in a differentiated function',
  DDX1003: 'expression or operator not supported in a differentiated function',
  DDX1004: 'Math member that is not a function or constant of Math',
  DDX1005: 'parameter shape or type not supported',
  DDX1006: 'call to a function that cannot be resolved to a plain numeric function',
  DDX1007: 'identifier that is not a parameter, local, Math or a module constant',
  DDX1008: 'imported module could not be read',
  DDX1009: 'verb called with arguments the transform cannot rewrite',
  DDX1010: 'result shape does not fit the verb (scalar vs array output)',
  DDX1011: 'assignment to an array parameter or to something that is not a local',
  DDX1012: 'a for-loop update that depends on the input',
  DDX1013: 'function may end without returning a value',
  DDX1014: 'assignment or increment used as a value inside an expression',
  DDX1015: 'generateModule: no exported numeric function to generate, or a requested one is missing',
  DDX1016: 'a value that is not a number (string, boolean, object) flows into the derivative',
  DDX1017: 'array construct not supported',
  DDX1018: 'a verb\'s function the transform cannot see, and not known to be written over ddx values',
  DDX1019: 'a function too large for inline mode (its tangent code would overflow a call frame)',
  DDX2001: 'equality test of a value that depends on the input (a warning): where it holds, the derivative is the special case\'s',
  DDX1020: 'a rule the generated code cannot use as called (defineFunction without a second derivative, not exported; a special function imported by a package)',
  DDX1030: 'a function value that is not known at compile time, or a closure construct not supported',
  DDX1021: 'array method or callback not supported (which methods are, and what to write instead)',
  DDX1040: 'the bits of a double read or written through module-level typed-array views (getHighWord, setLowWord, toWords)',
  DDX1041: 'a call made for what it writes into a module-level array',
  DDX1055: 'a value made before its statement, in the default of an array destructuring',
  DDX1022: 'a record (object of numbers) whose shape cannot be laid out as numbers, or a record construct not supported',
  DDX1023: 'a matrix of numbers (number[][]) used otherwise than read as data, or a local matrix whose shape would change',
  DDX1056: 'a call of a function that writes its array argument where it cannot be compiled (only as a statement, or returning that array)',
  DDX1057: 'the same array passed to an array parameter a callee writes and to another of its array parameters (aliasing)',
  DDX1058: 'a function that writes its array argument, called inside a nested derivative',
  DDX1050: 'an omitted optional argument used in a way the transform cannot fold (only tests against undefined/null, or passing it on omitted)',
  DDX1051: 'a module-level array that is not constant data (written, passed to a function that may write it, exported writable, or made at run time)',
  DDX1060: 'Number(…) called with other than one argument',
  DDX1061: 'the comma operator where what its left does cannot be done before the expression',
  DDX1062: 'a construct reverse mode ({ mode: \'reverse\' }) does not compile yet',
} as const;

export type DiagnosticCode = keyof typeof diagnosticCodes;
export type Severity = 'error' | 'warning';

/** DDX2xxx codes are warnings, the others errors. */
export const severityOf = (code: string): Severity => (code.startsWith('DDX2') ? 'warning' : 'error');

export { formatDiagnostic, DdxError } from './format.js';

/**
 * A code frame: the line before, the line, a caret under the column, like compilers print.
 * `text` may be an excerpt of the file starting at line `firstLine`.
 */
export function codeFrame(text: string, line: number, column: number, firstLine = 1): string {
  const lines = text.split(/\r?\n/);
  const first = Math.max(firstLine, line - 1);
  const last = Math.min(firstLine + lines.length - 1, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let l = first; l <= last; l++) {
    const marker = l === line ? '>' : ' ';
    out.push(`${marker} ${String(l).padStart(width)} | ${lines[l - firstLine]}`);
    if (l === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  return out.join('\n');
}

/** A diagnostic at a position of a source file. */
export function diagnosticAt(sf: ts.SourceFile, pos: number, code: DiagnosticCode, message: string): Diagnostic {
  const { line, character } = sf.getLineAndCharacterOfPosition(pos);
  // Only the lines around it: a module with many warnings is not split whole for each.
  const starts = sf.getLineStarts();
  const from = Math.max(0, line - 1);
  const next = starts[line + 2];
  const excerpt = next === undefined ? sf.text.slice(starts[from]) : sf.text.slice(starts[from], next).replace(/\r?\n$/, '');
  return {
    code, severity: severityOf(code), message, file: sf.fileName, line: line + 1, column: character + 1,
    frame: codeFrame(excerpt, line + 1, character + 1, from + 1),
  };
}

/** A diagnostic at the start of a node. */
export function diagnosticAtNode(node: ts.Node, code: DiagnosticCode, message: string): Diagnostic {
  const sf = node.getSourceFile();
  return diagnosticAt(sf, node.getStart(sf), code, message);
}

/** Raised inside the analysis to reject the input; collected into the result, never escapes the API. */
export class Rejection extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** What `f` gives, or undefined where it rejects (a question asked of code that may not be laid out: a record's shape). */
export function unlessRejected<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof Rejection) return undefined;
    throw e;
  }
}

/** Rejects `node` with a diagnostic (throws a {@link Rejection}). */
export function reject(node: ts.Node, code: DiagnosticCode, message: string): never {
  throw new Rejection(diagnosticAtNode(node, code, message));
}
