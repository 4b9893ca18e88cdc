import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packedTarball, removeTemporaryFolders, temporaryFolder } from './pack.js';

// What an app's client bundle takes from the packed package: Vite builds one-file apps against the tarball's dist/
// (React external), and the test reads which modules made it in. An app pays for structured output and tool
// inputs (the partial-JSON reader) only when it uses them, and never for `ai` or zod.

interface Chunk {
  type: string;
  code?: string;
  modules?: Record<string, unknown>;
}
interface Vite {
  build(config: Record<string, unknown>): Promise<{ output: Chunk[] } | { output: Chunk[] }[]>;
}
interface ResolveContext {
  resolve(source: string, importer: string, options: { skipSelf: boolean }): Promise<unknown>;
}

const TEST_PACKAGE = fileURLToPath(new URL('../package.json', import.meta.url));
const vite = (await import(pathToFileURL(createRequire(TEST_PACKAGE).resolve('vite')).href)) as Vite;

/** The app every variant starts from: start, stop and the text of one stream. */
const APP = (extra: { imports: string; components?: string; body: string; jsx: string }) => `
import { StreamingProvider, useEndStream, useStartStream, useTokens${extra.imports} } from '@tokenflow/streaming';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
${extra.components ?? ''}
function App() {
  const start = useStartStream();
  const end = useEndStream();
  const [handle, setHandle] = useState(null);
  const { status, text } = useTokens(handle);
  ${extra.body}
  return (
    <div>
      <button onClick={() => setHandle(start({ prompt: 'Hello' }))}>Ask</button>
      <button onClick={() => handle && end(handle, { abort: true })}>Stop</button>
      <p>{status} {text}</p>
      ${extra.jsx}
    </div>
  );
}
createRoot(document.getElementById('root')).render(<StreamingProvider><App /></StreamingProvider>);
`;

const VARIANTS = {
  text: APP({ imports: '', body: '', jsx: '' }),
  object: APP({
    imports: ', useStreamObject',
    body: 'const recipe = useStreamObject(handle);',
    jsx: '<h2>{recipe.object?.title}</h2>',
  }),
  tool: APP({
    imports: ', useToolInput',
    components: 'function City({ call }) { const { input } = useToolInput(call); return <p>{input?.city}</p>; }',
    body: 'const { toolCalls } = useTokens(handle);',
    jsx: '{toolCalls.map((call) => <City key={call.id} call={call} />)}',
  }),
};

/** A message only the partial-JSON reader has (core/partial-json.ts). */
const PARTIAL_JSON_MARK = 'Malformed JSON at character';

let dist: string;
const built: Record<string, { code: string; modules: string[] }> = {};

beforeAll(async () => {
  const unpacked = temporaryFolder('client-bundle');
  execFileSync('tar', ['-xzf', packedTarball(), '-C', unpacked]);
  dist = join(unpacked, 'package/dist');
  for (const [name, source] of Object.entries(VARIANTS)) {
    const entry = join(unpacked, `${name}.jsx`);
    writeFileSync(entry, source);
    const result = await vite.build({
      configFile: false,
      logLevel: 'error',
      root: unpacked,
      mode: 'production',
      resolve: { alias: [{ find: /^@tokenflow\/streaming$/, replacement: join(dist, 'index.js') }] },
      plugins: [
        {
          // The package's own imports (zustand) resolve as from test/, where its peers are installed.
          name: 'peers-from-tests',
          enforce: 'pre',
          async resolveId(this: ResolveContext, source: string) {
            return source === 'zustand' || source.startsWith('zustand/')
              ? this.resolve(source, TEST_PACKAGE, { skipSelf: true })
              : null;
          },
        },
      ],
      build: {
        write: false,
        minify: false,
        modulePreload: false,
        rollupOptions: { input: entry, external: [/^react($|\/)/, /^react-dom($|\/)/] },
      },
    });
    const chunks = (Array.isArray(result) ? result[0]?.output : result.output) ?? [];
    const js = chunks.filter((chunk) => chunk.type === 'chunk');
    built[name] = {
      code: js.map((chunk) => chunk.code ?? '').join('\n'),
      modules: js.flatMap((chunk) => Object.keys(chunk.modules ?? {})),
    };
  }
}, 180_000);
afterAll(removeTemporaryFolders);

/** The bundle's modules that come from the package, as paths inside its dist/. */
const packageModules = (name: string) =>
  (built[name]?.modules ?? []).filter((id) => id.startsWith(dist)).map((id) => id.slice(dist.length + 1));

describe('the client bundle of an app built against the packed package (Vite, React external)', () => {
  test('an app that streams text has no partial-JSON reader, and neither ai nor zod', () => {
    const modules = packageModules('text');
    expect(modules).toContain('react/use-tokens.js');
    expect(modules).toContain('transport/http.js');
    expect(modules).not.toContain('core/partial-json.js');
    expect(built.text?.code).not.toContain(PARTIAL_JSON_MARK);
    expect(built.text?.modules.filter((id) => /node_modules\/(ai|zod|@ai-sdk\/[^/]+)\//.test(id))).toEqual([]);
  });

  test.each([
    ['object', 'useStreamObject'],
    ['tool', 'useToolInput'],
  ])('an app using %s (%s) gets the reader, still without ai or zod', (name) => {
    expect(packageModules(name)).toContain('core/partial-json.js');
    expect(built[name]?.code).toContain(PARTIAL_JSON_MARK);
    expect(built[name]?.modules.filter((id) => /node_modules\/(ai|zod|@ai-sdk\/[^/]+)\//.test(id))).toEqual([]);
  });
});
