/**
 * Checks that need the activity analysis: constructs that are fine on constants but have no
 * derivative (or no tangent code) once they depend on the input. Both emit modes run them, so
 * both accept the same language.
 */
import { reject } from '../diagnostics.js';
import type { Activity } from './activity.js';
import type { Expr, NumericFunction, Stmt } from './ir.js';
import { primalOnlyMath } from './mathNames.js';
import { forEachExpr } from './walk.js';

export function checkActiveConstructs(fn: NumericFunction, act: Activity): void {
  forEachExpr(fn.body, (e: Expr) => {
    if (e.k === 'math' && primalOnlyMath.has(e.name) && e.args.some(act.isActive)) {
      reject(e.node, 'DDX1004', `Math.${e.name} has no derivative; it may only be applied to values that do not depend on the input`);
    }
  }, (s: Stmt) => {
    if (s.k !== 'for') return;
    for (const u of s.update) {
      if ((u.k === 'set' && act.of(u.v).active) || u.k === 'setElem' || u.k === 'push') {
        reject(u.node, 'DDX1012', 'a for-loop update that depends on the input is not supported; update it at the end of the loop body instead');
      }
    }
  });
}
