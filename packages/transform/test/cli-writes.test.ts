/**
 * ddx gen writes all of its files or none: a write that fails part way (a full disk) leaves every
 * destination as it was, no temporary file behind, and an error that names the file. The failure
 * is simulated: node:fs's writeFileSync fails with ENOSPC for the chosen destination.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

const failing = vi.hoisted(() => ({ name: '' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (failing.name !== '' && String(file).includes(failing.name)) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    }
    return fs.writeFileSync(file, data, options);
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'ddx-cli-writes-')));
});
afterEach(() => {
  failing.name = '';
  rmSync(root, { recursive: true, force: true });
});

function write(relativePath: string, text: string): void {
  mkdirSync(dirname(join(root, relativePath)), { recursive: true });
  writeFileSync(join(root, relativePath), text);
}

async function ddx(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, stderrIsTTY: false });
  return { code, stdout, stderr };
}

const files = () => readdirSync(join(root, 'src')).sort();

it('writes nothing when the disk fills while writing the second of two outputs, and names that file', async () => {
  write('src/a.ts', 'export function a(x: number): number {\n  return x * x;\n}\n');
  write('src/b.ts', 'export function b(x: number): number {\n  return x * x * x;\n}\n');
  failing.name = 'b.ddx.ts';
  const result = await ddx(['gen', 'src/*.ts']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^ddx: error: cannot write src\/b\.ddx\.ts: no space left on device \(ENOSPC\); no file was written\nhint: .+\n$/);
  expect(result.stdout).toBe('');
  expect(files()).toEqual(['a.ts', 'b.ts']);
});

it('leaves the files of an earlier run as they were', async () => {
  write('src/a.ts', 'export function a(x: number): number {\n  return x * x;\n}\n');
  write('src/b.ts', 'export function b(x: number): number {\n  return x * x * x;\n}\n');
  expect((await ddx(['gen', 'src/*.ts'])).code).toBe(0);
  const before = ['a', 'b'].map((name) => readFileSync(join(root, `src/${name}.ddx.ts`), 'utf8'));
  write('src/a.ts', 'export function a(x: number): number {\n  return 2 * x * x;\n}\n');
  write('src/b.ts', 'export function b(x: number): number {\n  return 2 * x * x * x;\n}\n');
  failing.name = 'b.ddx.ts';
  expect((await ddx(['gen', 'src/*.ts'])).code).toBe(1);
  expect(['a', 'b'].map((name) => readFileSync(join(root, `src/${name}.ddx.ts`), 'utf8'))).toEqual(before);
  expect(files()).toEqual(['a.ddx.ts', 'a.ts', 'b.ddx.ts', 'b.ts']);
});
