/**
 * Shrunk fuzz failures kept as fixtures (test/fixtures-fuzz/<name>/program.json, written by
 * `pnpm fuzz`): each must now pass every check of the fuzzer — inline ≡ dual mode ≡ run-time
 * engine, and finite differences. main.ts/helpers.ts beside each are its rendering, for a reader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runBatch } from '../fuzz/check.js';
import { fuzzFixturesDir, loadFixtures, RENDERED_HEADER } from '../fuzz/fixtures.js';
import { renderBatch } from '../fuzz/render.js';

afterAll(cleanUp);

describe.each(loadFixtures())('$name', ({ name, program }) => {
  it('passes every check of the fuzzer', async () => {
    const [outcome] = await runBatch([{ prog: program, p: 0 }]);
    expect(outcome.details.map((d) => d.split('\n')[0])).toEqual([]);
    expect(outcome.status).toBe('ok');
  });

  it('is rendered beside its data exactly as the fuzzer runs it', () => {
    const rendered = renderBatch([{ prog: program, p: 0 }]);
    expect(fs.readFileSync(path.join(fuzzFixturesDir, name, 'main.ts'), 'utf8')).toBe(RENDERED_HEADER + rendered.main);
    expect(fs.readFileSync(path.join(fuzzFixturesDir, name, 'helpers.ts'), 'utf8')).toBe(RENDERED_HEADER + rendered.helpers);
  });
});
