/**
 * Bundle: a one-component streaming app per library (bench/node/bundle/*.jsx), built the same way with Vite's JS
 * API, React and react-dom external; bytes raw (unminified), minified, and minified + gzipped.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BENCH_DIR, type BenchOutput, formatCount, progress, REPO_DIR, type Target, table } from './lib.js';

/** The slice of Vite used here; Vite is installed in test/ (the root has no dependency on it). */
interface Vite {
  build(config: Record<string, unknown>): Promise<unknown>;
  minify(filename: string, code: string): Promise<{ code: string }>;
}
/** An entry of what `build` resolves with `write: false`: chunks carry their code and their modules' rendered code. */
interface OutputFile {
  type: string;
  fileName: string;
  code?: string;
  modules?: Record<string, { code: string | null }>;
}
type BuildOutput = { output: OutputFile[] } | { output: OutputFile[] }[];
interface ResolveContext {
  resolve(source: string, importer: string, options: { skipSelf: boolean }): Promise<unknown>;
}

const TEST_PACKAGE = join(REPO_DIR, 'test/package.json');
const vite = (await import(pathToFileURL(createRequire(TEST_PACKAGE).resolve('vite')).href)) as Vite;

/** The Tokenflow app's min + gzip budget, in bytes. */
const BUNDLE_BUDGET_BYTES = 9_500;

const APPS = [
  { name: 'Tokenflow hooks + httpTransport', entry: 'tokenflow.jsx' },
  { name: 'useChat + DefaultChatTransport', entry: 'use-chat.jsx' },
  // What structured output adds (the partial-JSON reader): an app that does not use it does not pay for it.
  { name: 'Tokenflow hooks + httpTransport + useStreamObject', entry: 'tokenflow-object.jsx' },
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
 * Where Tokenflow's bytes go: each module of its app (unminified build) minified and gzipped on its own, grouped by
 * package, largest first. The sum exceeds the bundle's gzip: the bundle shares one gzip dictionary across modules,
 * and a module minified alone keeps its top-level names unshortened (in the bundle they are locals, and mangled).
 */
async function breakdown(chunks: OutputFile[]): Promise<[string, number][]> {
  const sizes = new Map<string, number>();
  for (const [id, module] of chunks.flatMap((chunk) => Object.entries(chunk.modules ?? {}))) {
    if (!module.code) continue;
    const name = id.includes('node_modules/')
      ? (id.split('node_modules/').pop()?.split('/')[0] ?? id)
      : id.replace(`${REPO_DIR}/`, '');
    // One neutral name for all: under its own `.mjs` name, a module is minified as an ES module that exports
    // nothing, and dropped whole (zustand's vanilla.mjs and react.mjs came out empty).
    const gzip = gzipSync((await vite.minify('module.js', module.code)).code, { level: 9 }).length;
    sizes.set(name, (sizes.get(name) ?? 0) + gzip);
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

/** The same Vite config for every build, in memory (`write: false`): nothing to write, read back and delete. */
function config(entry: string, minify: boolean): Record<string, unknown> {
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
      write: false,
      minify,
      modulePreload: false,
      rollupOptions: {
        input: join(BENCH_DIR, 'node/bundle', entry),
        external: [/^react($|\/)/, /^react-dom($|\/)/],
      },
    },
  };
}

/** Builds one entry and returns its JS chunks. */
async function build(entry: string, minify: boolean): Promise<OutputFile[]> {
  const result = (await vite.build(config(entry, minify))) as BuildOutput;
  const files = (Array.isArray(result) ? result[0] : result)?.output ?? [];
  return files.filter((file) => file.type === 'chunk' && file.fileName.endsWith('.js'));
}

/** The JS bytes of a build, as they would be written. */
const bytesOf = (chunks: OutputFile[]): Buffer => Buffer.concat(chunks.map((chunk) => Buffer.from(chunk.code ?? '')));

export async function benchBundle(): Promise<BenchOutput> {
  const sizes: Record<string, { raw: number; min: number; gzip: number }> = {};
  let parts: [string, number][] = [];
  for (const [i, app] of APPS.entries()) {
    progress(`bundle: ${app.name}…`);
    const raw = await build(app.entry, false);
    const min = bytesOf(await build(app.entry, true));
    sizes[app.name] = { raw: bytesOf(raw).length, min: min.length, gzip: gzipSync(min, { level: 9 }).length };
    // Tokenflow's breakdown comes from the same unminified build.
    if (i === 0) parts = await breakdown(raw);
  }
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
    // The issue's budget: "Client bundle: hooks + HTTP transport with reconnect stays ≤ 9.5 KB min+gzip".
    {
      name: 'Tokenflow hooks + httpTransport, min + gzip',
      actual: `${formatCount(tf.gzip)} B`,
      limit: `≤ ${formatCount(BUNDLE_BUDGET_BYTES)} B`,
      pass: tf.gzip <= BUNDLE_BUDGET_BYTES,
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
