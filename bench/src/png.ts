/**
 * The plots as a reader's browser shows them: each SVG opened in headless Chromium (Debian's,
 * `apt-get install chromium`; DDX_CHROMIUM names another) and saved as a PNG beside it. Without a
 * Chromium the PNGs are skipped, and the caller says why.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const chromiumPath = process.env.DDX_CHROMIUM ?? '/usr/bin/chromium';

export interface Rendered {
  readonly svg: string;
  readonly png: string;
  /** Size drawn by the browser, and how many shapes it laid out (a blank or broken SVG has none). */
  readonly width: number;
  readonly height: number;
  readonly shapes: number;
}

/** Renders every SVG file to `<name>.png`; a string says why nothing was rendered. */
export async function renderPngs(svgs: readonly string[]): Promise<Rendered[] | string> {
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install chromium, or set DDX_CHROMIUM)`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 2 });
    const out: Rendered[] = [];
    for (const svg of svgs) {
      await page.goto(pathToFileURL(svg).href);
      const root = page.locator('svg').first();
      const box = await root.boundingBox();
      const shapes = await page.locator('path, line, rect, circle, text').count();
      const png = svg.replace(/\.svg$/, '.png');
      await root.screenshot({ path: png });
      out.push({ svg, png, width: box?.width ?? 0, height: box?.height ?? 0, shapes });
    }
    return out;
  } finally {
    await browser.close();
  }
}
