import { execFileSync, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { launchChromium } from '../support/browser.js';

/** `pnpm dev` (scripts/dev.mjs) started on a free port, then stopped the way a terminal or a supervisor does. */

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every process below `pid`, from ps. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/).map(Number) as [number, number]);
  const below: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        below.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return below;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The page, as the dev server serves it module by module, loads in Chromium and reaches its route. */
async function expectPageWorks(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.getByTestId('live-model').getByText('Simulated model').waitFor({ timeout: 20_000 });
    await page.getByTestId('example-capital').click();
    await page.getByTestId('start-button').click();
    await page.getByTestId('stream-text').getByText('Paris').waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}

/**
 * How it is started and who is sent the signal: `pnpm dev` stopped by a supervisor (`kill` of pnpm alone) or by
 * Ctrl+C in a terminal (the whole process group), and the script run by node, stopped either way.
 */
const CASES = [
  { signal: 'SIGTERM', to: 'pnpm', name: 'pnpm dev', command: ['pnpm', 'dev'], openPage: true },
  { signal: 'SIGINT', to: 'the process group', name: 'pnpm dev', command: ['pnpm', 'dev'] },
  { signal: 'SIGTERM', to: 'the script', name: 'node scripts/dev.mjs', command: [process.execPath, 'scripts/dev.mjs'] },
  { signal: 'SIGINT', to: 'the script', name: 'node scripts/dev.mjs', command: [process.execPath, 'scripts/dev.mjs'] },
] as const;

describe('pnpm dev (scripts/dev.mjs)', () => {
  for (const { signal, to, name, command, ...options } of CASES) {
    test(`${name}: ${signal} to ${to} stops the dev server, the port closes and no process is left`, async () => {
      const port = await freePort();
      const [program, ...args] = command;
      const dev = spawn(program, [...args, '--port', String(port), '--strictPort'], {
        cwd: root,
        // The embedded model, whatever the machine's environment says.
        env: { ...process.env, OPENAI_API_KEY: '' },
        stdio: 'ignore',
        // A process group of its own: the terminal case signals it, and a failed test cleans it up.
        detached: true,
      });
      const leader = dev.pid as number;
      let started: number[] = [];
      try {
        await until(() => accepts(port), 30_000, `the dev server on port ${port}`);
        const page = await fetch(`http://127.0.0.1:${port}/`);
        expect(await page.text()).toContain('<div id="root">');
        if ('openPage' in options) await expectPageWorks(`http://127.0.0.1:${port}/`);
        started = descendants(leader);
        expect(started.length).toBeGreaterThan(0);

        process.kill(to === 'the process group' ? -leader : leader, signal);
        await until(() => dev.exitCode !== null || dev.signalCode !== null, 5_000, 'the started process to exit');
        await until(async () => !(await accepts(port)), 5_000, 'the port to close');
        await until(() => started.every((pid) => !alive(pid)), 5_000, 'every process to end');
      } finally {
        if (alive(-leader)) process.kill(-leader, 'SIGKILL');
      }
    }, 45_000);
  }
});
