/**
 * Where control leaves a statement early, for the backward sweep: every `break`, `continue` and
 * `return` is an exit site with a number (1, 2, …), and its target is the loop, labelled block or
 * function it leaves to. A statement is left early at a site when the site is inside it and its
 * target is outside it; the backward sweep skips the statements after it that did not run.
 */
import type { Stmt } from '../../analyze/ir.js';

export type Target = Extract<Stmt, { k: 'for' | 'while' | 'do' | 'block' }> | 'function';

export interface ExitSite {
  readonly id: number;
  readonly stmt: Extract<Stmt, { k: 'break' | 'continue' | 'return' }>;
  readonly target: Target;
  /** The loops and labelled blocks the site leaves before its target, innermost first. */
  readonly crossed: readonly Extract<Stmt, { k: 'for' | 'while' | 'do' | 'block' }>[];
}

export interface Exits {
  readonly sites: readonly ExitSite[];
  siteOf(s: Stmt): ExitSite | undefined;
  /** The sites at which `s` is left early (empty for most statements). */
  of(s: Stmt): ReadonlySet<number>;
  /** The sites whose target is `t`. */
  to(t: Target): readonly ExitSite[];
}

const none: ReadonlySet<number> = new Set();
const isLoop = (s: Stmt): s is Extract<Stmt, { k: 'for' | 'while' | 'do' }> => s.k === 'for' || s.k === 'while' || s.k === 'do';

export function findExits(body: readonly Stmt[]): Exits {
  const sites: ExitSite[] = [];
  const bySite = new Map<Stmt, ExitSite>();
  const leftAt = new Map<Stmt, Set<number>>();
  const ancestors: Stmt[] = [];
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.k === 'break' || s.k === 'continue' || s.k === 'return') {
        let at = -1;
        if (s.k !== 'return') {
          for (let i = ancestors.length - 1; i >= 0; i--) {
            const a = ancestors[i];
            const labelled = (isLoop(a) || a.k === 'block') && a.label !== undefined;
            if (s.label !== undefined ? labelled && (a as { label?: string }).label === s.label : isLoop(a)) { at = i; break; }
          }
        }
        const target = (at < 0 ? 'function' : ancestors[at]) as Target;
        const crossed = ancestors.slice(at + 1).filter((a) => isLoop(a) || (a.k === 'block' && a.label !== undefined)).reverse() as ExitSite['crossed'][number][];
        const site: ExitSite = { id: sites.length + 1, stmt: s, target, crossed };
        sites.push(site);
        bySite.set(s, site);
        for (const a of [...ancestors.slice(at + 1), s]) {
          let set = leftAt.get(a);
          if (!set) leftAt.set(a, (set = new Set()));
          set.add(site.id);
        }
        continue;
      }
      ancestors.push(s);
      switch (s.k) {
        case 'if': visit(s.then); if (s.else) visit(s.else); break;
        case 'for': case 'while': case 'do': case 'block': visit(s.body); break;
        default: break;
      }
      ancestors.pop();
    }
  };
  visit(body);
  return {
    sites,
    siteOf: (s) => bySite.get(s),
    of: (s) => leftAt.get(s) ?? none,
    to: (t) => sites.filter((x) => x.target === t),
  };
}
