import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createBuilder, type InlineConfig, type PreviewServer, preview } from 'vite';

/**
 * Debian's Chromium (or CHROMIUM_PATH), headless. The background-networking flags keep it from trying to reach the
 * closed network at every start.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** The window sizes the demo is checked at: a laptop, and a phone held upright. */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * A fresh page of the demo in its own context (a desktop-sized window unless told), once the page shows
 * `liveModel`; page errors are collected.
 */
export async function openDemoPage(
  browser: Browser | undefined,
  url: string,
  liveModel: string,
  timeoutMs: number,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  if (browser === undefined) throw new Error('The browser did not start.');
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  context.setDefaultTimeout(timeoutMs);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.getByTestId('live-model').getByText(liveModel).waitFor();
  return { page, context, errors };
}

/** Remembers these environment variables; the function it returns puts them back as they were. */
export function saveEnv(keys: readonly string[]): () => void {
  const saved = keys.map((key) => [key, process.env[key]] as const);
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** The demo, built (page and api routes) into a temp folder and served by `vite preview` on 127.0.0.1. */
export interface PreviewedDemo {
  server: PreviewServer;
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the demo as `vite build` does (the app builder builds both environments) and previews it. The routes read
 * their environment (OPENAI_*, SIM_*) when the built server bundle loads, so set it before calling.
 */
export async function buildAndPreviewDemo(): Promise<PreviewedDemo> {
  const root = fileURLToPath(new URL('../../apps/demo', import.meta.url));
  const outDir = mkdtempSync(join(tmpdir(), 'tokenflow-demo-'));
  const config: InlineConfig = {
    root,
    logLevel: 'warn',
    build: { outDir: join(outDir, 'client'), emptyOutDir: true },
    environments: { ssr: { build: { outDir: join(outDir, 'server') } } },
  };
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await (await createBuilder(config)).buildApp();
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server = await preview({ ...config, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview reported no URL.');
  return {
    server,
    url,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
