import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// What the package ships is what tsc writes: built here as `pnpm build` does, into a folder of its own.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
let outDir: string;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'tokenflow-build-'));
  const tsc = createRequire(join(packageDir, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: packageDir });
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const firstLine = (file: string) => readFileSync(join(outDir, file), 'utf8').split('\n')[0];

describe('the built files', () => {
  test("every file of React components and hooks starts with 'use client' (Next.js server layouts import them)", () => {
    const reactFiles = readdirSync(join(outDir, 'react')).filter((file) => file.endsWith('.js'));
    expect(reactFiles.length).toBeGreaterThanOrEqual(6);
    for (const file of reactFiles) expect(firstLine(join('react', file)), file).toBe("'use client';");
  });

  test('the core, server and direct entries carry no directive: they run on servers too', () => {
    for (const file of ['core/index.js', 'server/index.js', 'transport/direct.js', 'core/store.js']) {
      expect(readFileSync(join(outDir, file), 'utf8')).not.toContain('use client');
    }
  });

  test('exported components have declared return types, naming no type of one @types/react version', () => {
    const declaration = readFileSync(join(outDir, 'react/stream-text.d.ts'), 'utf8');
    expect(declaration).toContain('): ReactElement;');
    expect(declaration).not.toMatch(/import\("react"\)\.\w+EventHandler/);
  });
});
