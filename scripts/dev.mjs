// `pnpm dev`: starts the demo app when there is one. The demo (apps/demo) arrives with its own issue; until then
// this says so instead of failing, so `pnpm dev` is safe to run on any checkout.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

if (!existsSync(new URL('../apps/demo/package.json', import.meta.url))) {
  console.log('There is no demo app yet: apps/demo arrives with the demo issue.');
  console.log('Meanwhile, `pnpm test` runs the tests and `pnpm bench` measures the core.');
  process.exit(0);
}

// Inherited stdio: the dev server's output and Ctrl-C go straight through.
const child = spawn('pnpm', ['--filter', './apps/demo', 'dev'], { cwd: root, stdio: 'inherit' });
// Stay alive until the child exits, so its exit code can be forwarded; pass termination requests on to it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`Could not start pnpm: ${error.message}`);
  process.exit(1);
});
// Forward the exit code; a child killed by a signal (e.g. SIGINT) maps to the shell's 128 + signal number.
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
});
