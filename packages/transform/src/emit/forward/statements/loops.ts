/** Inline emitter for `for` loops (while/do are in control.ts). */
import type { Stmt } from '../../../analyze/ir.js';
import { reject } from '../../../diagnostics.js';
import { printCond } from '../../primal.js';
import type { InlineFunctionEmitter } from '../context.js';

/** `i++` as written (with the variable's generated name), or undefined for another update. */
export function incrementText(u: Extract<Stmt, { k: 'set' }>): string | undefined {
  const m = /^([\w$]+)(\+\+|--)$|^(\+\+|--)([\w$]+)$/.exec(u.node.getText());
  if (!m) return undefined;
  return m[1] ? `${u.v.name}${m[2]}` : `${m[3]}${u.v.name}`;
}

/** A loop update as written (`i += 2`), when it names the variable as generated code does. */
export function updateAsWritten(u: Extract<Stmt, { k: 'set' }>): string | undefined {
  const text = u.node.getText();
  return incrementText(u) ?? (text.startsWith(u.v.name) && !/^[\w$]/.test(text.slice(u.v.name.length)) ? text : undefined);
}

export function forLoop(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'for' }>): void {
  const activeInit = s.init.some((i) => (i.k === 'let' || i.k === 'set') && cx.act.of(i.v).active);
  for (const u of s.update) {
    if ((u.k === 'set' && cx.act.of(u.v).active) || u.k === 'setElem') {
      reject(u.node as never, 'DDX1012', 'a for-loop update that depends on the input is not supported; update it at the end of the loop body instead');
    }
  }
  const update = s.update.map((u) => (u.k === 'set' ? `${u.v.name} = ${cx.primal(u.value).text}` : '')).join(', ');
  const updateText = s.update.length === 1 && s.update[0].k === 'set' ? incrementText(s.update[0]) ?? update : update;
  const test = s.test ? printCond(s.test, cx.mod, cx.fn).text : '';
  if (activeInit || s.init.length > 1 || s.init.some((i) => i.k !== 'let')) {
    // Active (or several) initialisers: declare them before the loop, in a block that scopes them.
    cx.line('{');
    cx.depth++;
    cx.block(s.init);
    cx.line(`for (; ${test}; ${updateText}) {`);
  } else {
    const init = s.init.map((i) => (i.k === 'let' && i.init && i.init.k !== 'arrayLit' && i.init.k !== 'newArray'
      ? `${i.v.isConst ? 'const' : 'let'} ${i.v.name} = ${cx.primal(i.init).text}` : '')).join('');
    cx.line(`for (${init}; ${test}; ${updateText}) {`);
  }
  cx.nested(s.body, true);
  cx.line('}');
  if (activeInit || s.init.length > 1 || s.init.some((i) => i.k !== 'let')) {
    cx.depth--;
    cx.line('}');
  }
}
