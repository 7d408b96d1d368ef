import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/main.js';

describe('bench command line', () => {
  it('defaults to the full suite writing bench/results', () => {
    const args = parseArgs([]);
    expect(args.quick).toBe(false);
    expect(args.help).toBe(false);
    expect(args.out).toBe(resolve(__dirname, '..', 'results'));
  });
  it('--quick selects quick mode, also after the `--` pnpm passes through', () => {
    expect(parseArgs(['--quick']).quick).toBe(true);
    expect(parseArgs(['--', '--quick']).quick).toBe(true);
  });
  it('--out takes a directory, as a separate argument or with =', () => {
    expect(parseArgs(['--out', '/tmp/x']).out).toBe('/tmp/x');
    expect(parseArgs(['--quick', '--out=/tmp/y']).out).toBe('/tmp/y');
  });
  it('rejects a missing --out directory and unknown arguments, naming them', () => {
    expect(() => parseArgs(['--out'])).toThrow(/`--out` needs a directory/);
    expect(() => parseArgs(['--out', '--quick'])).toThrow(/`--out` needs a directory/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument `--fast`/);
  });
  it('--help and -h ask for the usage text', () => {
    expect(parseArgs(['--help']).help).toBe(true);
    expect(parseArgs(['-h']).help).toBe(true);
  });
});
