import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(`./packages/streaming/src/${path}`, import.meta.url));

/** Tests import the package by name; these aliases point them at its sources, so no build is needed first. */
const alias = {
  '@tokenflow/streaming/core': source('core/index.ts'),
  '@tokenflow/streaming/direct': source('transport/direct.ts'),
  '@tokenflow/streaming/server': source('server/index.ts'),
  '@tokenflow/streaming': source('index.ts'),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'streaming', root: 'packages/streaming', include: ['test/**/*.test.{ts,tsx}'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'cross-package',
          root: 'test',
          include: ['**/*.test.{ts,tsx}'],
          exclude: ['next/**', 'package/**', '**/node_modules/**'],
        },
      },
      {
        // The packed package in fresh apps (npm installs, `next build`): CPU-heavy, so it runs after the other
        // projects rather than beside their timing-sensitive tests.
        resolve: { alias },
        test: {
          name: 'packaged',
          root: 'test',
          include: ['next/**/*.test.ts', 'package/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
