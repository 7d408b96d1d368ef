/**
 * One statement's backward code adds each contribution to an adjoint as a statement of its own
 * (`d_x[i] += g2; … d_x[i] += g2;`). Contributions to the same adjoint are combined into one
 * update (`d_x[i] += g2 + g2;`) where nothing between them reads or changes that adjoint or its
 * index (other additions to it commute): an array element's read-modify-write once instead of
 * several times. The sum is taken in
 * another order (d + (p + q) for (d + p) + q), within the rounding reverse mode already allows.
 */
import * as C from '../../codegen/code.js';
import type { Code } from '../../codegen/code.js';
import * as S from '../../codegen/statements.js';
import type { Statement } from '../../codegen/statements.js';

/** `target += value` added by the backward sweep: `target` is `base` or an element `base[index]`. */
export interface Addition {
  readonly target: string;
  /** The adjoint's name (a local or an array). */
  readonly base: string;
  readonly value: Code;
  /** The codes the target was written with (its index: liveness reads them). */
  readonly parts: readonly Code[];
}

/** The statement `target += value`, recorded in `additions` so that combinedAdditions can merge it. */
export function addition(additions: Map<Statement, Addition>, a: Addition): Statement {
  const s = S.expression(C.verbatim(`${a.target} += ${a.value.text}`, ...a.parts, a.value));
  additions.set(s, a);
  return s;
}

const escape = (name: string): string => name.replace(/[$]/g, '\\$&');
/** Whether `text` names `name` as a whole identifier. */
const names = (text: string, name: string): boolean => new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`).test(text);

/**
 * The text of a simple statement the merge may look across (a const, an assignment, an addition),
 * or undefined for any other (a branch, a call run for its effect): those end a merge.
 */
function simpleText(s: Statement, additions: ReadonlyMap<Statement, Addition>, effectful: ReadonlyMap<Statement, unknown>): string | undefined {
  if (effectful.has(s)) return undefined;
  if (s.k === 'declare' && s.keyword === 'const') return s.declarators.map((d) => `${d.name} = ${d.init?.text ?? ''}`).join(', ');
  if (s.k === 'assign') return `${s.targets.map((t) => t.text).join(' = ')} = ${s.value.text}`;
  if (s.k === 'expression' && additions.has(s)) return s.code.text;
  return undefined;
}

/**
 * `stmts` with each addition merged into the next addition to the same target, where the
 * statements between are simple, none but other additions names the target's adjoint (and none
 * assigns a name its index reads), and no value added reads the adjoint.
 */
export function combinedAdditions(stmts: readonly Statement[], additions: Map<Statement, Addition>, effectful: ReadonlyMap<Statement, unknown>): Statement[] {
  const out = stmts.slice();
  for (let p = 0; p < out.length; p++) {
    const first = additions.get(out[p]);
    if (first === undefined || names(first.value.text, first.base)) continue;
    for (let q = p + 1; q < out.length; q++) {
      const s = out[q], later = additions.get(s);
      if (later !== undefined && later.target === first.target) {
        if (names(later.value.text, first.base)) break;
        const merged = addition(additions, { ...first, value: C.add(first.value, later.value), parts: [...first.parts, ...later.parts] });
        out[q] = merged;
        out.splice(p, 1);
        p--;
        break;
      }
      // Another addition to the same array commutes with this one (an element's sum reordered).
      if (later !== undefined && !names(later.value.text, first.base) && later.parts.every((c) => !names(c.text, first.base))) continue;
      const text = simpleText(s, additions, effectful);
      if (text === undefined || names(text, first.base)) break;
      // An assignment to a name the index reads (`i = i - 1`) moves the target.
      if (s.k === 'assign' && s.targets.some((t) => names(first.target, t.text))) break;
    }
  }
  return out;
}

/**
 * `stmts` with each addition into an adjoint array's element moved down past the consts that read
 * an array's element (a partial reading the point, `x[i]`) that follow it, and past the consts,
 * the additions into local adjoints and the statements `passable` allows between: up to the next
 * statement that names its adjoint array or changes a name it reads, or another addition into an
 * array (so such additions keep their order, and every sum its order of terms). The partials then
 * read the point before the backward sweep stores into an adjoint array, after which the JIT would
 * read it again (it cannot tell the two arrays apart). Every value stays the same, bit for bit:
 * only pure code is crossed.
 */
export function sunkAdditions(
  stmts: readonly Statement[], additions: ReadonlyMap<Statement, Addition>, effectful: ReadonlyMap<Statement, unknown>, passable: (s: Statement) => boolean,
): Statement[] {
  const out = stmts.slice();
  for (let p = out.length - 1; p >= 0; p--) {
    const a = additions.get(out[p]);
    if (a === undefined || a.target === a.base) continue;
    const read = [a.value.text, ...a.parts.map((c) => c.text)].join(' ');
    let to = p; // past the last const reading an element, of those it may pass
    for (let q = p + 1; q < out.length; q++) {
      const s = out[q];
      if (effectful.has(s)) break;
      const other = additions.get(s);
      if (other !== undefined) {
        if (other.target !== other.base || names(read, other.base) || names(other.value.text, a.base)) break;
      } else if (s.k === 'declare' && s.keyword === 'const') {
        if (s.declarators.some((d) => names(d.init?.text ?? '', a.base))) break;
        if (s.declarators.some((d) => d.init?.text.includes('['))) to = q;
      } else if (!passable(s)) break;
    }
    if (to > p) out.splice(to, 0, ...out.splice(p, 1));
  }
  return out;
}
