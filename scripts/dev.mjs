// `pnpm dev`: the demo's Vite dev server. Arguments go on to Vite: `pnpm dev --port 5180 --strictPort`.
//
// Vite runs as this script's own child, and SIGTERM and SIGINT sent here reach it: it closes its server and exits,
// and this script exits with it. `pnpm dev` itself does not pass SIGTERM on to the script it runs: it exits and
// leaves this script behind. So this script also watches its parent, and stops Vite when the parent is gone.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('../apps/demo/', import.meta.url));

/** Vite's command-line entry, as the demo resolves it (the demo's own Vite version). */
function viteBin() {
  const manifest = createRequire(join(demo, 'package.json')).resolve('vite/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin.vite);
}

// Inherited stdio: the dev server's output and keys go straight through.
const child = spawn(process.execPath, [viteBin(), ...process.argv.slice(2)], { cwd: demo, stdio: 'inherit' });
// Stay alive until the child exits, so its exit code can be forwarded; pass termination requests on to it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// A parent that exits hands this process to another one (init or a subreaper): its id changes.
const parent = process.ppid;
const watchParent = setInterval(() => {
  if (process.ppid !== parent) child.kill('SIGTERM');
}, 250);
watchParent.unref();
child.on('error', (error) => {
  console.error(`Could not start Vite: ${error.message}`);
  process.exit(1);
});
// Forward the exit code; a child killed by a signal maps to the shell's 128 + signal number.
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
});
