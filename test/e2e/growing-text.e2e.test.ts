import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GrowingText } from '../../packages/streaming/src/dom/growing-text.js';
import { launchChromium } from '../support/browser.js';

/**
 * GrowingText in real Chromium: text appended piece by piece, with its complete lines cut into blocks of their own,
 * must look exactly like the same text rendered at once (the same pixels), in every style where it cuts, and must
 * really cut (else the test would prove nothing).
 */

const screenshots = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));
const source = fileURLToPath(new URL('../../packages/streaming/src/dom/growing-text.ts', import.meta.url));

let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  // GrowingText alone, bundled for the page as a global.
  const output = await build({
    logLevel: 'warn',
    configFile: false,
    build: { write: false, minify: false, lib: { entry: source, formats: ['iife'], name: 'Tokenflow' } },
  });
  const [bundle] = Array.isArray(output) ? output : [output];
  const code = bundle && 'output' in bundle ? bundle.output[0].code : '';
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 900, height: 2400 } });
  await page.setContent(`<!doctype html><meta charset="utf-8"><style>
      body { margin: 0; font: 16px/1.5 sans-serif; }
      .out { display: inline-block; vertical-align: top; width: 420px; padding: 4px; margin-right: 16px; }
    </style><div id="root"></div>`);
  await page.addScriptTag({ content: code });
  // Helpers the tests' page scripts share: a fresh element (with GrowingText on the first one), and the next frame.
  await page.addScriptTag({
    content: `window.mount = (html) => {
      document.getElementById('root').innerHTML = html;
      const element = document.querySelector('#root > *');
      return { element, text: new window.Tokenflow.GrowingText(element) };
    };
    window.nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));`,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** What the page scripts get from the helpers installed in beforeAll. */
interface PageHelpers {
  mount(html: string): { element: HTMLElement; text: GrowingText };
  nextFrame(): Promise<void>;
}

/** Mixed text as a model streams it: words, punctuation, emoji (a ZWJ sequence, a flag), CJK, tokens mid-word. */
function streamedPieces(count: number): string[] {
  const pieces = [' stream', 'ing', ' tokens', ',', ' 🙂', ' 👩‍💻', ' 🇫🇷', ' 流式', '渲染', ' render', 'ed', ' once.'];
  return Array.from({ length: count }, (_, i) => (i % 97 === 96 ? '\n\n' : (pieces[i % pieces.length] as string)));
}

/**
 * Renders `pieces` twice in the page with the same style: appended one frame at a time through GrowingText, and
 * all at once; answers how many blocks GrowingText had cut before settling, and whether the pixels match.
 */
async function renderBoth(style: string, pieces: string[], settle: boolean) {
  await page.evaluate(
    async ({ style, pieces, settle }) => {
      const inPage = window as unknown as PageHelpers;
      const { element: grown, text } = inPage.mount(
        `<div class="out" id="grown" style="${style}"></div><div class="out" id="once" style="${style}"></div>`,
      );
      const frame = inPage.nextFrame;
      // A few pieces per frame, as a fast stream delivers them.
      for (let i = 0; i < pieces.length; i += 5) {
        text.append(pieces.slice(i, i + 5).join(''));
        await frame();
      }
      (window as unknown as { cuts: number }).cuts = grown.querySelectorAll('[data-tokenflow-lines]').length;
      if (settle) text.settle();
      (document.getElementById('once') as HTMLElement).textContent = pieces.join('');
      await frame();
    },
    { style, pieces, settle },
  );
  const grown = await page.locator('#grown').screenshot();
  const once = await page.locator('#once').screenshot();
  const cuts = await page.evaluate(() => (window as unknown as { cuts: number }).cuts);
  const texts = await page.evaluate(() => [
    document.getElementById('grown')?.textContent,
    document.getElementById('once')?.textContent,
  ]);
  return { cuts, samePixels: grown.equals(once), sameText: texts[0] === texts[1] };
}

describe('GrowingText in Chromium', { timeout: 30_000 }, () => {
  test.each([
    ['normal white space', ''],
    ['pre-wrap (paragraphs kept)', 'white-space: pre-wrap'],
    ['a larger font, break-word', 'font-size: 22px; overflow-wrap: break-word'],
  ])('appended text looks exactly like text rendered at once: %s', async (name, style) => {
    const { cuts, samePixels, sameText } = await renderBoth(style, streamedPieces(600), false);
    // Both renderings side by side, for a person to look at.
    await page.screenshot({ path: `${screenshots}/growing-text-${name.replace(/\W+/g, '-')}.png`, fullPage: true });
    expect(cuts).toBeGreaterThan(10); // it did cut: lines were set aside as the text grew
    expect(sameText).toBe(true);
    expect(samePixels).toBe(true);
  });

  test('does not cut where a cut could show: justified text, balanced wrapping, an inline element', async () => {
    for (const style of ['text-align: justify', 'text-wrap: balance', 'display: inline']) {
      const { cuts, sameText } = await renderBoth(style, streamedPieces(300), false);
      expect({ style, cuts, sameText }).toEqual({ style, cuts: 0, sameText: true });
    }
  });

  test('settling joins the text into one node, and still looks the same', async () => {
    const { cuts, samePixels, sameText } = await renderBoth('', streamedPieces(400), true);
    expect(cuts).toBeGreaterThan(5);
    const children = await page.evaluate(() => [...(document.getElementById('grown')?.childNodes ?? [])].length);
    expect(children).toBe(1);
    expect(sameText).toBe(true);
    expect(samePixels).toBe(true);
  });

  test('a long text is joined when a selection starts, not at once when it is finished (that layout is a long task)', async () => {
    const blocksAfter = await page.evaluate(async () => {
      const inPage = window as unknown as PageHelpers;
      const { element, text } = inPage.mount('<div class="out" id="long"></div>');
      const frame = inPage.nextFrame;
      for (let i = 0; i < 100; i++) {
        text.append(' streaming tokens into a page, a line at a time,'.repeat(4));
        await frame();
      }
      const whileStreaming = element.childNodes.length;
      text.finish();
      return { whileStreaming, afterFinish: element.childNodes.length, length: element.textContent?.length };
    });
    expect(blocksAfter.length).toBeGreaterThan(16_384);
    expect(blocksAfter.whileStreaming).toBeGreaterThan(50);
    expect(blocksAfter.afterFinish).toBe(blocksAfter.whileStreaming);
    // A real selection, with the mouse: Chromium fires selectstart.
    const box = await page.locator('#long').boundingBox();
    if (!box) throw new Error('no #long box');
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + 80);
    await page.mouse.up();
    expect(await page.evaluate(() => document.getElementById('long')?.childNodes.length)).toBe(1);
  });

  test('a burst over 16k characters is laid out over a few frames, 8k at a time, and then looks as if rendered at once', async () => {
    const burst = streamedPieces(9_000).join('').replaceAll('\n\n', ' ');
    const steps = await page.evaluate(async (burst) => {
      const inPage = window as unknown as PageHelpers;
      const { element: grown, text } = inPage.mount(
        '<div class="out" id="grown"></div><div class="out" id="once"></div>',
      );
      text.append(burst);
      text.finish(); // the stream ended with the burst: joining waits until all of it is shown
      const shown = [grown.textContent?.length ?? 0];
      while ((grown.textContent?.length ?? 0) < burst.length) {
        await inPage.nextFrame();
        shown.push(grown.textContent?.length ?? 0);
      }
      (document.getElementById('once') as HTMLElement).textContent = burst;
      await inPage.nextFrame();
      return { shown, nodes: grown.childNodes.length, same: grown.textContent === burst };
    }, burst);
    expect(burst.length).toBeGreaterThan(16_384);
    expect(steps.shown[0]).toBe(8_192);
    expect(steps.shown.length).toBeGreaterThan(1);
    for (let i = 1; i < steps.shown.length; i++)
      expect((steps.shown[i] as number) - (steps.shown[i - 1] as number)).toBeLessThanOrEqual(8_192);
    expect(steps.same).toBe(true);
    expect(steps.nodes).toBeGreaterThan(1); // finished, but too long to join at once: joined when a selection starts
    expect((await page.locator('#grown').screenshot()).equals(await page.locator('#once').screenshot())).toBe(true);
  });

  test('a new width in the middle of a burst leaves the rest of the burst coming, intact', async () => {
    const burst = streamedPieces(9_000).join('');
    const result = await page.evaluate(async (burst) => {
      const inPage = window as unknown as PageHelpers;
      const { element, text } = inPage.mount('<div class="out" id="grown"></div>');
      text.append(burst);
      await inPage.nextFrame();
      await inPage.nextFrame();
      element.style.width = '300px';
      for (let i = 0; i < 30 && element.textContent?.length !== burst.length; i++) await inPage.nextFrame();
      return { intact: element.textContent === burst, length: element.textContent?.length };
    }, burst);
    expect(result).toEqual({ intact: true, length: burst.length });
  });

  test('a new width joins the text again, since the old cuts no longer match its lines', async () => {
    await renderBoth('', streamedPieces(400), false);
    const before = await page.evaluate(() => document.getElementById('grown')?.childNodes.length ?? 0);
    expect(before).toBeGreaterThan(5);
    await page.evaluate(async () => {
      for (const id of ['grown', 'once']) (document.getElementById(id) as HTMLElement).style.width = '300px';
      // The resize observer runs after layout, before paint.
      const inPage = window as unknown as PageHelpers;
      await inPage.nextFrame();
      await inPage.nextFrame();
    });
    expect(await page.evaluate(() => document.getElementById('grown')?.childNodes.length)).toBe(1);
    expect((await page.locator('#grown').screenshot()).equals(await page.locator('#once').screenshot())).toBe(true);
  });
});
