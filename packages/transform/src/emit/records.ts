/**
 * Call sites of verbs on functions over records (analyze/scalarise.ts), in both emit modes: the
 * generated code takes the numbers of a record as an array, so the call passes `[p.x, p.y]` for a
 * record point, and builds the result back into records of the same shapes: a gradient with respect
 * to a record is a record, the value of a record-valued function is a record. An array of records is
 * passed strided (`pts.flatMap((e) => [e.x, e.y])`), and a gradient with respect to one is an array
 * of records. Matrices (a hessian, the rows of a jacobian) stay arrays, in the order of the numbers.
 * The same text serves forward and reverse mode, whose drivers alike take and give arrays; vjp's
 * weights have f's shape and its wᵀJ the point's.
 */
import type { CallSite } from '../analyze/program.js';
import { fieldArrays, flattenedArrayText, flattenedMatrixText, flattenedText, matrices, rebuiltArrayText, rebuiltText, recordArrayShapes, recordShapes, shapeType, type RecordShape } from '../analyze/scalarise.js';
import { verbs } from '../analyze/verbs.js';
import type { Var } from '../analyze/ir.js';
import * as C from '../codegen/code.js';
import * as S from '../codegen/statements.js';

/** What the text of a record site depends on: the verb, and the records of f's point and value (CallSite.record). */
type RecordVerb = Pick<CallSite, 'verb' | 'record'>;

/**
 * What a call site passes for a value its function captures: the name, or for a record the array
 * of its numbers (`[model.k, model.x0]`), for a matrix its layout (scalarise.ts).
 */
export function capturedText(c: Var): string {
  // An array field of a captured record with array fields: the record's field (`model.weights`).
  const field = fieldArrays.get(c);
  if (field) return `${field.record.sourceName}.${field.field}`;
  const shape = recordShapes.get(c), records = recordArrayShapes.get(c);
  if (matrices.has(c)) return flattenedMatrixText(c.sourceName);
  return shape ? flattenedText(shape, c.sourceName, 'ddxP', true) : records ? flattenedArrayText(records, c.sourceName) : c.sourceName;
}

/**
 * The array of the numbers of a point `text` of a record site (a record, or an array of records);
 * a record point that is not a name is evaluated once, into the arrow parameter `temp`.
 */
function flattenedPoint(site: RecordVerb, text: string, javaScript: boolean, temp: string): string {
  const { input, inputIsArray } = site.record!;
  return inputIsArray ? flattenedArrayText(input!, text) : flattenedText(input!, text, temp, javaScript);
}

/**
 * The text of the point `k` of a record site (`text`): the array of its numbers where it is a record
 * or an array of records. The point x and hvp's direction v have the input's shape; vjp's cotangent
 * w has the output's (a weight per value of f: the numbers of a record of f's shape).
 */
export function recordPointText(site: RecordVerb, k: number, text: string, javaScript: boolean): string {
  const { input, output, outputIsArray } = site.record ?? {};
  if (k === 1 && (site.verb === 'vjp' || site.verb === 'valueAndVjp')) {
    if (!output) return text;
    return outputIsArray ? recordsOrNumbersText(output, text, javaScript) : flattenedText(output, text, 'ddxW', javaScript);
  }
  return input ? flattenedPoint(site, text, javaScript, 'ddxP') : text;
}

/**
 * The weights `text` of an f whose value is an array of records: given in f's shape (an array of
 * records), their numbers strided; given as the numbers already (a flat array, its first entry a
 * number: as laid out), passed as they are. The driver checks what it receives against f's value.
 */
function recordsOrNumbersText(shape: RecordShape, text: string, javaScript: boolean): string {
  const w = 'ddxW';
  const typed = (name: string, type: string): string => (javaScript ? name : `${name} as ${type}`);
  const records = flattenedArrayText(shape, typed(w, `${shapeType(shape)}[]`));
  return `((${javaScript ? w : `${w}: ArrayLike<unknown>`}) => (typeof ${w}[0] === 'number' ? ${typed(w, 'ArrayLike<number>')} : ${records}))(${text})`;
}

/** What the generated code gives for each verb whose result holds records (`r` its name). */
function resultParts(site: RecordVerb, r: string): { type: string; built: string } | undefined {
  const { input, output, inputIsArray, outputIsArray } = site.record ?? {};
  // A gradient (H·v, wᵀJ) has the input's shape (an array of records, or a record); a value (J·v), the output's.
  const ofInput = (a: string): string => (!input ? a : inputIsArray ? rebuiltArrayText(input, a) : rebuiltText(input, a));
  const ofOutput = (a: string): string => (!output ? a : outputIsArray ? rebuiltArrayText(output, a) : rebuiltText(output, a));
  switch (site.verb) {
    case 'gradient': case 'hvp': case 'vjp': return input && { type: 'number[]', built: ofInput(r) };
    case 'valueAndGradient': return input && { type: '{ value: number; gradient: number[] }', built: `{ value: ${r}.value, gradient: ${ofInput(`${r}.gradient`)} }` };
    case 'valueGradientHessian': return input && {
      type: '{ value: number; gradient: number[]; hessian: number[][] }',
      built: `{ value: ${r}.value, gradient: ${ofInput(`${r}.gradient`)}, hessian: ${r}.hessian }`,
    };
    case 'valueAndJacobian': return output && { type: '{ value: number[]; jacobian: number[][] }', built: `{ value: ${ofOutput(`${r}.value`)}, jacobian: ${r}.jacobian }` };
    case 'valueAndVjp': return { type: '{ value: number[]; vjp: number[] }', built: `{ value: ${ofOutput(`${r}.value`)}, vjp: ${ofInput(`${r}.vjp`)} }` };
    case 'jvp': return output && { type: 'number[]', built: ofOutput(r) };
    default: return undefined;
  }
}

/** The text of a verb's result `call` at a record site, with records built back (typed unless `javaScript`). */
export function recordResultText(site: CallSite, call: string, javaScript: boolean): string {
  const r = 'ddxR';
  const parts = resultParts(site, r);
  const typed = (name: string, type: string): string => (javaScript ? name : `${name}: ${type}`);
  const rebuild = (value: string): string => (parts ? `((${typed(r, parts.type)}) => (${parts.built}))(${value})` : value);
  const input = site.record?.input;
  // verb(f): a function of the record point.
  if (site.points.length === 0 && verbs[site.verb].curried) {
    if (!input && !parts) return call;
    const p = 'ddxP';
    const applied = rebuild(`ddxF(${input ? flattenedPoint(site, p, javaScript, 'ddxQ') : p})`);
    const fType = `(x: number[]) => ${parts?.type ?? (site.verb === 'hessian' ? 'number[][]' : site.verb === 'jacobian' ? 'number[][]' : 'number[]')}`;
    const pType = input ? `${shapeType(input)}${site.record?.inputIsArray ? '[]' : ''}` : 'number[]';
    return `((${typed('ddxF', fType)}) => (${typed(p, pType)}) => ${applied})(${call})`;
  }
  return rebuild(call);
}

/**
 * ddx gen's exported function `name` of `verb` for a function of records (of a record point, or
 * whose value is a record or an array of records), around its driver over numbers (`driver`): it
 * takes the point (and jvp's or hvp's direction, `params`) in f's shapes, passes their numbers and
 * builds the result back, as the plugin's call site `verb(f, p)` does.
 */
export function recordFunction(site: RecordVerb, name: string, driver: string, params: readonly string[], doc: string): S.Statement {
  const r = 'ddxR';
  const parts = resultParts(site, r);
  const call = `${driver}(${params.map((p, k) => recordPointText(site, k, p, false)).join(', ')})`;
  const { input, inputIsArray } = site.record!;
  const pointType = input ? `${shapeType(input)}${inputIsArray ? '[]' : ''}` : 'ArrayLike<number>';
  return {
    k: 'function', exported: true, name, doc,
    params: params.map((p) => ({ name: p, type: pointType })),
    body: [S.ret(C.verbatim(parts ? `((${r}: ${parts.type}) => (${parts.built}))(${call})` : call))],
  };
}

/** The names a matrix site's text gives the point's layout and the direction's (CallSite.matrix). */
export interface MatrixSiteNames {
  readonly layout: string;
  readonly direction: string;
}

/**
 * The text of a `call` at a matrix site (CallSite.matrix), whose point the call reads as
 * `names.layout` and whose direction (jvp, hvp) as `names.direction`: the point `x` checked and laid
 * out (scalarise.ts) by the module's `checks.point`, once, then the direction `v` by
 * `checks.direction` against it, and a result of the point's shape (the gradient, H·v, wᵀJ) built
 * back into rows (the elements of row i are at layout[i + 1] to layout[i + 2]; the derivatives at
 * the row-offset table are not the point's and are dropped). jvp's result is f's shape, kept.
 */
export function matrixSiteText(
  site: CallSite, call: string, names: MatrixSiteNames, x: string, v: string | undefined,
  checks: { point: string; direction: () => string }, javaScript: boolean,
): string {
  const { layout, direction } = names;
  const r = 'ddxR';
  const typed = (name: string, type: string): string => (javaScript ? name : `${name}: ${type}`);
  const rows = (g: string): string => `Array.from({ length: ${layout}[0] }, (_, ddxI) => ${g}.slice(${layout}[ddxI + 1], ${layout}[ddxI + 2]))`;
  // valueAndGradient's and valueAndVjp's value is f's; the part of the point's shape is the second.
  const part = site.verb === 'valueAndGradient' ? 'gradient' : site.verb === 'valueAndVjp' ? 'vjp' : undefined;
  const built = site.verb === 'jvp' ? call
    : part ? `((${typed(r, `{ value: ${site.verb === 'valueAndVjp' ? 'number[]' : 'number'}; ${part}: number[] }`)}) => ({ value: ${r}.value, ${part}: ${rows(`${r}.${part}`)} }))(${call})`
    : `((${typed(r, 'number[]')}) => (${rows(r)}))(${call})`;
  const along = (site.verb === 'jvp' || site.verb === 'hvp') && v !== undefined
    ? `((${typed(direction, 'number[]')}) => ${built})(${checks.direction()}('${site.verb}', ${v}, ${layout}))`
    : built;
  return `((${typed(layout, 'number[]')}) => ${along})(${checks.point}('${site.verb}', ${x}, 'x'))`;
}
