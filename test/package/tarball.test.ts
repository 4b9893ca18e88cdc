import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyFixture, packedTarball, removeTemporaryFolders, temporaryFolder } from './pack.js';

// The package as a user gets it: the packed tarball, installed with npm into apps outside the workspace.

/** The CLIs of test/'s devDependencies, as `pnpm exec` finds them. */
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
let tarball: string;

/** A route from the server entry, asked one question, with a model that answers "Hello" (from `ai/test`). */
const SERVER_ONLY_ROUTE = `
import { createStreamHandler } from '@tokenflow/streaming/server';
import { MockLanguageModelV4 } from 'ai/test';
const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };
const model = new MockLanguageModelV4({
  doStream: async () => ({
    stream: new ReadableStream({
      start(controller) {
        for (const part of [
          { type: 'text-start', id: 't' },
          { type: 'text-delta', id: 't', delta: 'Hello' },
          { type: 'text-end', id: 't' },
          { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
        ]) controller.enqueue(part);
        controller.close();
      },
    }),
  }),
});
const handler = createStreamHandler({ models: { mock: model }, defaultModel: 'mock' });
const response = await handler(new Request('http://127.0.0.1/api/stream', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ prompt: 'Say hi' }),
}));
console.log(response.status, response.headers.get('content-type'));
console.log(await response.text());
`;

beforeAll(() => {
  tarball = packedTarball();
}, 120_000);
afterAll(removeTemporaryFolders);

/** Runs npm install; returns everything npm printed, warnings included. */
function npmInstall(cwd: string, args: string[]): string {
  const run = spawnSync('npm', ['install', ...args, '--no-audit', '--no-fund'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (run.status !== 0) throw new Error(`npm install failed:\n${run.stdout}\n${run.stderr}`);
  return `${run.stdout}\n${run.stderr}`;
}

const tsc = (cwd: string) =>
  spawnSync(process.execPath, [join(cwd, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd,
    encoding: 'utf8',
  });

describe('the packed tarball', () => {
  test('holds the README, LICENSE, the built entries and the sources their maps point at', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const file of ['README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/server/index.d.ts']) {
      expect(files).toContain(`package/${file}`);
    }
    const map = JSON.parse(
      execFileSync('tar', ['xzOf', tarball, 'package/dist/core/store.js.map'], { encoding: 'utf8' }),
    ) as { sources: string[] };
    expect(map.sources).toEqual(['../../src/core/store.ts']);
    expect(files).toContain('package/src/core/store.ts');
  });

  test('publint finds nothing to fix', () => {
    const output = execFileSync(bin('publint'), [tarball], { encoding: 'utf8' });
    expect(output).toContain('All good!');
  }, 60_000);

  test('are-the-types-wrong passes with the ESM-only profile', () => {
    const run = spawnSync(bin('attw'), ['--profile', 'esm-only', tarball], { encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  }, 60_000);

  test('installs into a fresh npm app with its peers, and printing no warning', () => {
    const app = temporaryFolder('fresh');
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }));
    const output = npmInstall(app, [tarball, 'react@19.3.1', 'react-dom@19.3.1', 'zustand@5.1.0']);
    expect(output).not.toMatch(/npm warn/i);
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/@tokenflow/streaming/package.json'), 'utf8')) as {
      version: string;
    };
    expect(installed.version).toBe('0.1.0');
    // And it runs: the core in plain Node, from the installed files.
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import('@tokenflow/streaming/core').then((m) => console.log(typeof m.createStreamingStore))",
      ],
      { cwd: app, encoding: 'utf8' },
    );
    expect(run.stdout.trim()).toBe('function');
  }, 180_000);

  test('a server-only app needs no React or zustand: the route answers with only ai and zod installed', () => {
    const app = temporaryFolder('server-only');
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'server-only', private: true, type: 'module' }));
    const output = npmInstall(app, [tarball, 'ai@7.0.173', 'zod@4.6.7']);
    // The AI SDK's own packages declare Node >= 22 (and work on 20): their engine warnings are theirs, none is ours.
    const warnings = output.split('\n').filter((line) => /npm warn/i.test(line));
    expect(warnings.filter((line) => !/EBADENGINE/.test(line))).toEqual([]);
    const warnedPackages = [...output.matchAll(/package: '([^']+)'/g)].map(([, name]) => name);
    expect(warnedPackages.filter((name) => !/^(ai|@ai-sdk\/[\w-]+)@/.test(name ?? ''))).toEqual([]);
    expect(existsSync(join(app, 'node_modules/react'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/zustand'))).toBe(false);
    writeFileSync(join(app, 'route.mjs'), SERVER_ONLY_ROUTE);
    const run = spawnSync(process.execPath, ['route.mjs'], { cwd: app, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('200 text/event-stream');
    expect(run.stdout).toContain('"delta":"Hello"');
  }, 180_000);

  test('a React 18 app type-checks against it with skipLibCheck false', () => {
    const app = copyFixture('react18-types');
    npmInstall(app, [tarball]);
    const run = tsc(app);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 180_000);

  test('a Node program with no DOM library type-checks against the core', () => {
    const app = copyFixture('node-no-dom');
    npmInstall(app, [tarball]);
    const run = tsc(app);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 180_000);
});
