/** Builds the bench page with Vite: a production build, but with React's profiling build so `<Profiler>` reports. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const streaming = (path: string): string => here(`../../packages/streaming/src/${path}`);

export const DIST = here('./dist');

export async function buildPages(): Promise<void> {
  await build({
    configFile: false,
    root: here('./page'),
    logLevel: 'warn',
    plugins: [react()],
    resolve: {
      alias: [
        // Tokenflow from its sources (as the demo and the tests use it): no package build needed first.
        { find: /^@tokenflow\/streaming$/, replacement: streaming('index.ts') },
        // Profiler callbacks fire only in the profiling (or dev) build; dev would distort every other number.
        { find: /^react-dom\/client$/, replacement: 'react-dom/profiling' },
      ],
    },
    build: { outDir: DIST, emptyOutDir: true, minify: true },
  });
}
