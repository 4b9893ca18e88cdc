import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { apiRoutes } from './vite-plugin-api.js';

const source = (path: string): string =>
  fileURLToPath(new URL(`../../packages/streaming/src/${path}`, import.meta.url));

/** The package by name, pointed at its sources (like the tests do), so the demo needs no build of it first. */
const streamingAliases = [
  { find: /^@tokenflow\/streaming$/, replacement: source('index.ts') },
  { find: /^@tokenflow\/streaming\/core$/, replacement: source('core/index.ts') },
  { find: /^@tokenflow\/streaming\/direct$/, replacement: source('transport/direct.ts') },
  { find: /^@tokenflow\/streaming\/server$/, replacement: source('server/index.ts') },
];

export default defineConfig({
  plugins: [react(), apiRoutes()],
  resolve: { alias: streamingAliases },
  // The page goes to dist/client (what `vite preview` serves) and the api routes to dist/server, so the routes'
  // code is never served as a static file.
  build: { outDir: 'dist/client' },
  server: { port: 5173 },
});
