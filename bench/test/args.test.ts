import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/main.js';

describe('bench command line', () => {
  it('defaults to the full suite writing the git-ignored bench/out/full (quick: bench/out/quick)', () => {
    const args = parseArgs([]);
    expect(args.quick).toBe(false);
    expect(args.help).toBe(false);
    expect(args.publish).toBe(false);
    expect(args.out).toBe(resolve(__dirname, '..', 'out', 'full'));
    expect(parseArgs(['--quick']).out).toBe(resolve(__dirname, '..', 'out', 'quick'));
  });
  it('--publish writes the published bench/results/, and only for a full run without --out', () => {
    expect(parseArgs(['--publish'])).toMatchObject({ publish: true, out: resolve(__dirname, '..', 'results') });
    expect(() => parseArgs(['--publish', '--quick'])).toThrow(/`--publish` publishes a full run/);
    expect(() => parseArgs(['--publish', '--out', '/tmp/x'])).toThrow(/cannot be combined with `--out`/);
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
