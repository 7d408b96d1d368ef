/** Inline emitter for `return`: the tangent parts go to the module's output object, then the value is returned. */
import type { Stmt } from '../../../analyze/ir.js';
import { reject } from '../../../diagnostics.js';
import { sourceSnippet } from '../../primal.js';
import type { InlineFunctionEmitter } from '../context.js';
import type { OutPart } from '../../module.js';

export function ret(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'return' }>): void {
  if (cx.plain) {
    const v = s.value;
    if (v.k === 'arrayLit') cx.line(`return [${v.elems.map((el) => cx.primal(el).text).join(', ')}];`);
    else if (v.k === 'newArray') reject(s.node, 'DDX1017', 'return a local array or an array literal');
    else cx.line(`return ${cx.primal(v).text};`);
    return;
  }
  const out = (part: OutPart): string => cx.mod.out(part, true);
  const comment = `// tangent of: ${sourceSnippet(s.value.node, cx.sf)}`;
  if (s.value.k === 'arrayLit' || s.value.k === 'newArray' || (s.value.k === 'var' && s.value.v.kind === 'array')) {
    if (cx.order === 2) reject(s.node, 'DDX1010', 'second derivatives of a function that returns an array are not supported (hessian/hvp need a scalar function)');
    if (s.value.k === 'var') {
      const v = s.value.v;
      cx.line(`${out('dArray')} = ${cx.act.of(v).active ? cx.tangentsOf(v)[0] : `new ${cx.mod.global('Array')}<number>(${v.name}.length).fill(0)`}; ${comment}`);
      cx.line(`return ${v.name};`);
      return;
    }
    if (s.value.k === 'newArray') reject(s.node, 'DDX1017', 'return a local array or an array literal');
    const elems = s.value.elems.map((el) => cx.operand(el));
    cx.line(`${out('dArray')} = [${elems.map((o) => (o.t ? o.t[0].text : '0')).join(', ')}]; ${comment}`);
    cx.line(`return [${elems.map((o) => o.code.text).join(', ')}];`);
    return;
  }
  const o = cx.operand(s.value);
  const parts = cx.order === 1 ? (['d'] as const) : (['e1', 'e2', 'e12'] as const);
  cx.line(`${parts.map((p, i) => `${out(p)} = ${o.t ? o.t[i].text : '0'};`).join(' ')} ${comment}`);
  cx.line(`return ${o.code.text};`);
}
