/**
 * Bundle: a one-component streaming app per library (bench/node/bundle/*.jsx), built the same way with Vite's JS
 * API, React and react-dom external; bytes raw (unminified), minified, and minified + gzipped.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BENCH_DIR, type BenchOutput, formatCount, progress, REPO_DIR, type Target, table } from './lib.js';

/** The slice of Vite used here; Vite is installed in test/ (the root has no dependency on it). */
interface Vite {
  build(config: Record<string, unknown>): Promise<unknown>;
  minify(filename: string, code: string): Promise<{ code: string }>;
}
/** What `build` resolves with `write: false`: the chunk's modules with their rendered (unminified) code. */
type BuildOutput =
  | { output: { modules?: Record<string, { code: string | null }> }[] }[]
  | { output: { modules?: Record<string, { code: string | null }> }[] };
interface ResolveContext {
  resolve(source: string, importer: string, options: { skipSelf: boolean }): Promise<unknown>;
}

const TEST_PACKAGE = join(REPO_DIR, 'test/package.json');
const vite = (await import(pathToFileURL(createRequire(TEST_PACKAGE).resolve('vite')).href)) as Vite;

const APPS = [
  { name: 'Tokenflow hooks + httpTransport', entry: 'tokenflow.jsx' },
  { name: 'useChat + DefaultChatTransport', entry: 'use-chat.jsx' },
];

/** Bare imports the bench directory cannot see resolve as from test/, where the peers are installed. */
const resolveFromTests = {
  name: 'resolve-from-tests',
  async resolveId(this: ResolveContext, source: string) {
    if (source === 'ai' || source.startsWith('@ai-sdk/')) return this.resolve(source, TEST_PACKAGE, { skipSelf: true });
    return null;
  },
};

/**
 * Where Tokenflow's bytes go: each module of its app minified and gzipped on its own (the sum exceeds the bundle's
 * gzip, which shares a dictionary across modules), grouped by package, largest first.
 */
async function breakdown(entry: string): Promise<[string, number][]> {
  const result = (await vite.build(config(entry, false, undefined))) as BuildOutput;
  const modules = (Array.isArray(result) ? result[0] : result)?.output[0]?.modules ?? {};
  const sizes = new Map<string, number>();
  for (const [id, module] of Object.entries(modules)) {
    if (!module.code) continue;
    const name = id.includes('node_modules/')
      ? (id.split('node_modules/').pop()?.split('/')[0] ?? id)
      : id.replace(`${REPO_DIR}/`, '');
    const gzip = gzipSync((await vite.minify(id, module.code)).code, { level: 9 }).length;
    sizes.set(name, (sizes.get(name) ?? 0) + gzip);
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

/** The same Vite config for every build; `outDir` undefined means in memory. */
function config(entry: string, minify: boolean, outDir: string | undefined): Record<string, unknown> {
  return {
    configFile: false,
    logLevel: 'error',
    root: join(BENCH_DIR, 'node/bundle'),
    mode: 'production',
    resolve: {
      alias: [{ find: /^@tokenflow\/streaming$/, replacement: join(REPO_DIR, 'packages/streaming/src/index.ts') }],
    },
    plugins: [resolveFromTests],
    build: {
      outDir,
      write: outDir !== undefined,
      minify,
      modulePreload: false,
      rollupOptions: {
        input: join(BENCH_DIR, 'node/bundle', entry),
        external: [/^react($|\/)/, /^react-dom($|\/)/],
      },
    },
  };
}

/** Builds one entry to a temp dir and returns the size of its JS output. */
async function build(entry: string, minify: boolean): Promise<Buffer> {
  const outDir = mkdtempSync(join(tmpdir(), 'tokenflow-bundle-'));
  try {
    await vite.build(config(entry, minify, outDir));
    const js = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
    return Buffer.concat(js.map((f) => readFileSync(join(outDir, 'assets', f))));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function benchBundle(): Promise<BenchOutput> {
  const sizes: Record<string, { raw: number; min: number; gzip: number }> = {};
  for (const app of APPS) {
    progress(`bundle: ${app.name}…`);
    const raw = await build(app.entry, false);
    const min = await build(app.entry, true);
    sizes[app.name] = { raw: raw.length, min: min.length, gzip: gzipSync(min, { level: 9 }).length };
  }
  progress('bundle: Tokenflow breakdown…');
  const parts = await breakdown(APPS[0]?.entry ?? '');
  const tf = sizes[APPS[0]?.name ?? ''] as { gzip: number };
  const chat = sizes[APPS[1]?.name ?? ''] as { gzip: number };
  const ratio = tf.gzip / chat.gzip;
  const targets: Target[] = [
    {
      name: 'Tokenflow gzip / useChat gzip',
      actual: `${ratio.toFixed(3)} (1/${(1 / ratio).toFixed(1)})`,
      limit: '≤ 0.125 (1/8)',
      pass: ratio <= 1 / 8,
    },
  ];
  return {
    name: 'bundle',
    title: 'Bundle: one-component streaming app, Vite build, React and react-dom external (bytes)',
    tables: [
      table(
        ['app', 'raw', 'minified', 'min + gzip'],
        Object.entries(sizes).map(([name, s]) => [name, formatCount(s.raw), formatCount(s.min), formatCount(s.gzip)]),
      ),
      table(
        ['Tokenflow app: module or package', 'min + gzip alone'],
        parts.map(([name, bytes]) => [name, formatCount(bytes)]),
      ),
    ],
    notes: [
      'Built with Vite 8 (from test/node_modules), production mode; gzip is node:zlib level 9 of the minified JS.',
      'Tokenflow is built from packages/streaming/src (zustand, a peer, is bundled); the AI SDK from its installed dist (zod bundled).',
    ],
    targets,
    data: { sizes, tokenflowBreakdown: Object.fromEntries(parts) },
  };
}
