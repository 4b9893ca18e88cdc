import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createBuilder, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { saveEnv } from '../support/browser.js';

/**
 * The API key never reaches the browser: the demo is built (page and routes, as `vite build` does) with a canary
 * key and base URL in the environment, and every file the browser can be served is scanned for them.
 */

const root = fileURLToPath(new URL('../../apps/demo', import.meta.url));
const CANARY_KEY = `sk-canary-${randomBytes(12).toString('hex')}`;
const CANARY_HOST = `canary-${randomBytes(6).toString('hex')}.invalid`;
const ENV = {
  OPENAI_API_KEY: CANARY_KEY,
  OPENAI_BASE_URL: `http://${CANARY_HOST}/v1`,
  OPENAI_MODELS: 'gpt-4o-mini',
  NODE_ENV: 'production',
};
const restoreEnv = saveEnv(Object.keys(ENV));

let outDir: string;

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'tokenflow-secrets-'));
  const config: InlineConfig = {
    root,
    logLevel: 'warn',
    // Source maps on, so that the scan also covers what the page's maps would ship (their sourcesContent).
    build: { outDir: join(outDir, 'client'), emptyOutDir: true, sourcemap: true },
    environments: { ssr: { build: { outDir: join(outDir, 'server') } } },
  };
  Object.assign(process.env, ENV);
  try {
    await (await createBuilder(config)).buildApp();
  } finally {
    restoreEnv();
  }
}, 120_000);

afterAll(() => {
  restoreEnv();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the built demo, with OPENAI_API_KEY and OPENAI_BASE_URL set while building', () => {
  test('no file of the page (html, js, css, maps) contains the key, the base URL or "OPENAI_"', () => {
    const files = filesUnder(join(outDir, 'client'));
    const kinds = new Set(files.map((file) => file.slice(file.lastIndexOf('.') + 1)));
    // The scan covers a real build: the page, its script and styles, and their maps.
    expect([...kinds]).toEqual(expect.arrayContaining(['html', 'js', 'css', 'map']));
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'latin1');
      return [CANARY_KEY, CANARY_HOST, 'OPENAI_']
        .filter((needle) => text.includes(needle))
        .map((needle) => `${relative(outDir, file)}: ${needle}`);
    });
    expect(found).toEqual([]);
  });

  test('the server bundle does not embed them either: the routes read the environment when they start', async () => {
    const files = filesUnder(join(outDir, 'server'));
    expect(files.some((file) => file.endsWith('stream.js'))).toBe(true);
    const texts = files.map((file) => readFileSync(file, 'latin1'));
    // The control: the scan reads the right code, which names the variable (and only the server's does).
    expect(texts.some((text) => text.includes('OPENAI_API_KEY'))).toBe(true);
    expect(texts.filter((text) => text.includes(CANARY_KEY) || text.includes(CANARY_HOST))).toEqual([]);

    // Proof that the key is read at run time: the built models route, loaded without a key, runs the simulation,
    // and loaded again with one, answers that OpenAI is live (without the key in its answer).
    const models = pathToFileURL(join(outDir, 'server', 'models.js')).href;
    const catalog = async (query: string) => {
      const route = (await import(`${models}?${query}`)) as { default: (request: Request) => Response };
      return (await route.default(new Request('http://demo.test/api/models'))).text();
    };
    expect(JSON.parse(await catalog('without-key'))).toMatchObject({ live: 'simulated' });
    Object.assign(process.env, { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: ENV.OPENAI_BASE_URL });
    try {
      const text = await catalog('with-key');
      expect(JSON.parse(text)).toMatchObject({ live: 'openai' });
      expect(text).not.toContain(CANARY_KEY);
      expect(text).not.toContain(CANARY_HOST);
    } finally {
      restoreEnv();
    }
  });
});
