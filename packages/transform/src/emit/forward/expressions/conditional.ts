/** Inline emitter for `c ? a : b` with an active branch. */
import * as C from '../../../codegen/code.js';
import type { Expr } from '../../../analyze/ir.js';
import { printCond, sourceSnippet } from '../../primal.js';
import { partNames, type InlineFunctionEmitter, type Operand } from '../context.js';

/** `c ? a : b` with an active branch: an if/else, so only the taken branch is evaluated. */
export function conditional(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'cond' }>): Operand {
  const name = cx.names.numbered('cond');
  const t = cx.order === 1 ? [cx.names.fresh(`d${name}`)] : partNames.map((p) => cx.names.fresh(`${name}_${p}`));
  cx.line(`let ${[name, ...t].map((n) => `${n}: number`).join(', ')}; // tangent of: ${sourceSnippet(e.node, cx.sf)}`);
  const branch = (x: Expr): void => {
    cx.depth++;
    const o = cx.operand(x);
    cx.line(`${name} = ${o.code.text};`);
    t.forEach((n, i) => cx.line(`${n} = ${o.t ? o.t[i].text : '0'};`));
    cx.depth--;
  };
  cx.line(`if (${printCond(e.test, cx.mod, cx.fn).text}) {`);
  cx.scoped(() => branch(e.a));
  cx.line('} else {');
  cx.scoped(() => branch(e.b));
  cx.line('}');
  return { code: C.atom(name), t: t.map(C.atom) };
}
