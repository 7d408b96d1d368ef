/** CORPUS.md's diagnostic cells: a diagnostic's first clause, with the types it quotes kept whole. */
import { describe, expect, it } from 'vitest';
import { firstClause } from './corpus/report.js';

describe('the first clause of a diagnostic', () => {
  it("ends at the first '; ' outside brackets", () => {
    expect(firstClause("field 'mode' of '{ mode: string; s: number; }' is string, whose value is not known; declare it"))
      .toBe("field 'mode' of '{ mode: string; s: number; }' is string, whose value is not known");
    expect(firstClause('object destructuring parameters are not supported')).toBe('object destructuring parameters are not supported');
    expect(firstClause("'f' reads 'p.x' (of type (a: number; b: number)); give it a type")).toBe("'f' reads 'p.x' (of type (a: number; b: number))");
  });
});
