/**
 * The built page in a real headless Chromium: `vite build` (with the ddx plugin of
 * vite.config.ts), `vite preview` on a free localhost port, then the values the page shows are
 * compared with @ddx/dual's run-time engine and closed forms, and a screenshot is saved.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ops, valueAndDerivatives, type Real } from '@ddx/dual';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colours } from '../src/plot.js';

const app = resolve(import.meta.dirname, '..');
const viteBin = join(createRequire(join(app, 'package.json')).resolve('vite/package.json'), '../bin/vite.js');
// Debian's Chromium (apt-get install chromium). CI installs it and must run this suite; on a
// developer machine without it the suite is reported as skipped, with the reason below.
const chromiumPath = process.env.DDX_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI) throw new Error(`CI must run the browser test, but there is no Chromium at ${chromiumPath}`);
if (!haveChromium) console.warn(`examples/vite-app: no Chromium at ${chromiumPath} (apt-get install chromium, or set DDX_CHROMIUM); the page test is skipped`);
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The built-in functions written over @ddx/dual's operations: the run-time engine's oracle. */
const runtime: Record<string, (x: Real) => Real> = {
  reference: (x) => ops.div(ops.exp(x), ops.sqrt(ops.add(ops.pow(ops.sin(x), 3), ops.pow(ops.cos(x), 3)))),
  wavePacket: (x) => ops.mul(ops.exp(ops.mul(-0.25, ops.mul(x, x))), ops.sin(ops.mul(3, x))),
  logistic: (x) => ops.div(1, ops.add(1, ops.exp(ops.mul(-2, x)))),
  cubic: (x) => ops.sub(ops.mul(ops.mul(x, x), x), ops.mul(3, x)),
  bounce: (x) => {
    const y = ops.abs(ops.sin(x));
    return ops.gt(x, 2) ? ops.mul(y, ops.exp(ops.sub(2, x))) : y;
  },
};

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/** Starts `vite preview` and resolves with its URL once it answers. */
async function preview(port: number): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, [viteBin, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: app, stdio: 'pipe' });
  const url = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with ${server.exitCode}`);
    const answered = await fetch(url).then((response) => response.ok, () => false);
    if (answered) return { server, url };
    await new Promise((wait) => setTimeout(wait, 100));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${url}`);
}

let server: ChildProcess | undefined;
let browser: BrowserContext | undefined;
let page: Page;
const profile = mkdtempSync(join(tmpdir(), 'ddx-chromium-'));

beforeAll(async () => {
  if (!haveChromium) return;
  const built = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: app, encoding: 'utf8' });
  expect(built.status, `vite build failed:\n${built.stdout}\n${built.stderr}`).toBe(0);
  const started = await preview(await freePort());
  server = started.server;
  browser = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: chromiumArgs });
  page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(started.url);
  await page.waitForSelector('body[data-ready="true"]');
  expect(pageErrors).toEqual([]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
  rmSync(profile, { recursive: true, force: true });
});

/** What the page shows after choosing `preset` (and typing `expression`) at x = `at`. */
async function shown(preset: string, at: number, expression?: string) {
  if (expression !== undefined) await page.fill('#expression', expression);
  await page.selectOption('#preset', preset);
  await page.fill('#probe', String(at));
  const text = (id: string) => page.textContent(`#${id}`).then((content) => content ?? '');
  return { value: Number(await text('value')), first: Number(await text('first')), second: Number(await text('second')), status: await text('status') };
}

const close = (actual: number, expected: number, what: string) =>
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));

describe.runIf(haveChromium)('the vite-app page in Chromium', () => {
  it('shows f, f′ and f″ of every built-in function as the run-time engine computes them', async () => {
    for (const [name, f] of Object.entries(runtime)) {
      // The reference function is real only where sin³x + cos³x > 0, i.e. on (−π/4, 3π/4).
      for (const x of name === 'reference' ? [-0.5, 0.5, 2] : [-1.25, 0.5, 2.75]) {
        const values = await shown(name, x);
        expect(values.status).toContain('compiled at build time');
        const expected = valueAndDerivatives(f, x);
        close(values.value, expected.value, `${name}(${x})`);
        close(values.first, expected.first, `${name}′(${x})`);
        close(values.second, expected.second, `${name}″(${x})`);
      }
    }
    // The design's reference values (25-digit mpmath) at 1.5.
    const reference = await shown('reference', 1.5);
    close(reference.first, 4.053427893898620657714188, 'reference′(1.5)');
    close(reference.second, 9.463073681596603352536433, 'reference″(1.5)');
  });

  it('differentiates a typed function with dual numbers at run time', async () => {
    const typed = await shown('typed', 1.5, 'x^3 - 2*x + exp(-x)');
    expect(typed.status).toContain('dual numbers at run time');
    close(typed.first, 3 * 1.5 ** 2 - 2 - Math.exp(-1.5), 'typed′(1.5)');
    close(typed.second, 6 * 1.5 + Math.exp(-1.5), 'typed″(1.5)');

    const broken = await shown('typed', 1.5, 'sin(x');
    expect(broken.status).toBe("expected ')' at the end (at character 6)");
  });

  it('plots the three curves and saves a screenshot', async () => {
    await shown('wavePacket', 1, 'sin(x) * exp(-x^2/4)');
    // Count canvas pixels near each curve's colour (anti-aliasing blends the edges).
    const rgb = Object.fromEntries(Object.entries(colours).map(([part, hex]) => [part, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))]));
    const counts = await page.evaluate((rgb) => {
      const canvas = document.getElementById('plot') as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return Object.fromEntries(Object.entries(rgb).map(([part, [r, g, b]]) => {
        let count = 0;
        for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 30) count++;
        return [part, count];
      }));
    }, rgb);
    for (const part of ['f', 'first', 'second']) expect(counts[part], `${part} pixels`).toBeGreaterThan(300);
    const screenshots = join(app, 'screenshots');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'page.png'), fullPage: true });
  });
});
