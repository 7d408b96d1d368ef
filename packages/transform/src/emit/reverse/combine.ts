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

/**
 * The statement `target += value`, recorded in `additions` so that combinedAdditions can merge it.
 * A negated value is subtracted (`d_x[i] -= d_a`, not `d_x[i] += -d_a`): IEEE 754 defines t − v as
 * t + (−v), so the bits are the same and the JIT has one operation less.
 */
export function addition(additions: Map<Statement, Addition>, a: Addition): Statement {
  const negated = a.value.prec === C.Prec.unary && a.value.text.startsWith('-');
  const update = negated ? `${a.target} -= ${a.value.text.slice(1)}` : `${a.target} += ${a.value.text}`;
  const s = S.expression(C.verbatim(update, ...a.parts, a.value));
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

/**
 * `stmts` (a backward sweep, from the declaration of its adjoints on) with each addition into a
 * local adjoint that is exactly +0 there on every path (just declared, or just set back to 0) made
 * an assignment: `d_a = a + a` for `d_a += a + a`, one operation less per contribution (the JIT may
 * not drop `0 + v`, which is +0 where v is −0). Only for `locals`, the adjoints of the function's
 * own locals, never of a parameter or another result: such an adjoint reaches a result only added
 * (or multiplied, then added) into an adjoint that starts at +0 and is only added to or set to 0,
 * and such a sum is never −0 (x + y is −0 only where both are −0), so a zero's sign, the one
 * difference, never shows. Which adjoints are +0 is found forward over the statements; a loop
 * keeps what holds at its entry and at the end of its body, and one with a break or a continue
 * inside, or a statement this does not read (any it does not know naming an adjoint), keeps nothing.
 */
export function assignedFirstAdditions(stmts: readonly Statement[], locals: ReadonlySet<string>, additions: ReadonlyMap<Statement, Addition>): Statement[] {
  if (locals.size === 0) return stmts.slice();
  const named = (text: string): string[] => [...locals].filter((d) => names(text, d));
  // Text that may write what it names (an assignment, an increment inside an expression).
  const writes = (text: string): boolean => /(?<![=!<>])=(?![=>])|\+\+|--/.test(text);
  const clobber = (zero: Set<string>, text: string, always = false): void => {
    if (always || writes(text)) for (const d of named(text)) zero.delete(d);
  };
  const intersect = (a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> => new Set([...a].filter((d) => b.has(d)));
  const jumps = (s: Statement): boolean => {
    switch (s.k) {
      case 'break': case 'continue': case 'labelled': return true;
      case 'block': return s.body.some(jumps);
      case 'oneLine': return s.statements.some(jumps);
      case 'if': return jumps(s.then) || (s.else !== undefined && jumps(s.else));
      case 'for': case 'while': case 'do': return jumps(s.body);
      default: return false;
    }
  };

  /** The statement as rewritten, and `zero` updated to what holds after it. */
  function visit(s: Statement, zero: Set<string>): Statement {
    switch (s.k) {
      case 'expression': {
        const a = additions.get(s);
        if (a !== undefined && a.target === a.base && locals.has(a.base) && !names(a.value.text, a.base)) {
          const first = zero.has(a.base);
          zero.delete(a.base);
          clobber(zero, a.value.text);
          return first ? S.assign(C.local(a.base), a.value, { comment: s.comment, node: s.node, doc: s.doc }) : s;
        }
        clobber(zero, s.code.text, true);
        return s;
      }
      case 'assign': {
        clobber(zero, s.value.text);
        for (const t of s.targets) {
          if (locals.has(t.text)) {
            if (s.value.text === '0') zero.add(t.text);
            else zero.delete(t.text);
          } else clobber(zero, t.text, true);
        }
        return s;
      }
      case 'declare':
        for (const d of s.declarators) {
          if (d.init !== undefined) clobber(zero, d.init.text);
          if (locals.has(d.name)) {
            if (d.init?.text === '0') zero.add(d.name);
            else zero.delete(d.name);
          }
        }
        return s;
      case 'block': return { ...s, body: sequence(s.body, zero) };
      case 'oneLine': return { ...s, statements: s.statements.map((t) => visit(t, zero)) };
      case 'if': {
        clobber(zero, s.test.text);
        const other = new Set(zero);
        const then = visit(s.then, zero);
        const otherwise = s.else === undefined ? undefined : visit(s.else, other);
        const after = intersect(zero, other);
        zero.clear();
        for (const d of after) zero.add(d);
        return otherwise === undefined ? { ...s, then } : { ...s, then, else: otherwise };
      }
      case 'for': case 'while': case 'do': {
        const init = s.k === 'for' && s.init !== undefined ? visit(s.init, zero) : undefined;
        for (const part of s.k === 'for' ? [s.test, s.update] : [s.test]) if (part !== undefined) clobber(zero, part.text, true);
        // At the head: what holds on entry and after every iteration (shrinks to a fixed point).
        let head = jumps(s.body) ? new Set<string>() : new Set(zero);
        for (;;) {
          const end = new Set(head);
          visit(s.body, end);
          const next = intersect(head, end);
          if (next.size === head.size) break;
          head = next;
        }
        const inside = new Set(head);
        const body = visit(s.body, inside);
        const after = jumps(s.body) ? new Set<string>() : s.k === 'do' ? inside : head;
        for (const part of s.k === 'for' ? [s.test, s.update] : [s.test]) if (part !== undefined) clobber(after, part.text, true);
        zero.clear();
        for (const d of after) zero.add(d);
        return s.k === 'for' ? { ...s, ...(init !== undefined ? { init } : {}), body } : { ...s, body };
      }
      case 'return': case 'throw':
        if (s.value !== undefined) clobber(zero, s.value.text);
        return s;
      case 'break': case 'continue':
        return s;
      default:
        // A labelled statement or a function: nothing is known inside or after it.
        zero.clear();
        return s;
    }
  }
  function sequence(list: readonly Statement[], zero: Set<string>): Statement[] {
    return list.map((s) => visit(s, zero));
  }
  return sequence(stmts, new Set());
}
