import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packedTarball, temporaryFolder } from '../package/pack.js';
import { freePort } from './redis-server.js';

const APP = fileURLToPath(new URL('../../apps/next', import.meta.url));
/** What a copy of the app leaves behind: what the workspace installed or built in it. */
const NOT_COPIED = new Set(['node_modules', '.next', 'cache', 'next-env.d.ts']);

/** apps/next as a user's app: copied out of the workspace, the packed tarball installed, `next build` run once. */
export function buildNextAppFromTarball(): string {
  const dir = temporaryFolder('next');
  cpSync(APP, dir, { recursive: true, filter: (source) => !NOT_COPIED.has(basename(source)) });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  manifest.dependencies['@tokenflow/streaming'] = `file:${packedTarball()}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CI: 'true' };
  // Outside the workspace: pnpm installs from its store (and the registry for what the store lacks).
  execFileSync('pnpm', ['install', '--ignore-workspace', '--prefer-offline', '--config.confirmModulesPurge=false'], {
    cwd: dir,
    env,
    stdio: 'pipe',
  });
  execFileSync(join(dir, 'node_modules/.bin/next'), ['build'], { cwd: dir, env, stdio: 'pipe' });
  return dir;
}

/** `next start -H 127.0.0.1` of a built app on a free port. */
export interface StartedNextApp {
  readonly url: string;
  /** Everything the server printed. */
  output(): string;
  stop(): Promise<void>;
}

export async function startNextApp(dir: string, env: Record<string, string>): Promise<StartedNextApp> {
  const port = await freePort();
  let printed = '';
  const server: ChildProcess = spawn(
    join(dir, 'node_modules/.bin/next'),
    ['start', '-H', '127.0.0.1', '-p', String(port)],
    { cwd: dir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const collect = (chunk: Buffer) => {
    printed += chunk.toString();
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`next start did not come up:\n${printed}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    output: () => printed,
    async stop() {
      if (server.exitCode !== null) return;
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      await exited;
    },
  };
}
