import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = fileURLToPath(new URL('../../packages/streaming', import.meta.url));

let packed: string | undefined;

/**
 * The package as it would be published: `pnpm pack` (its prepack builds dist/ afresh) into a temp folder; packed
 * once per test file. Returns the tarball's path.
 */
export function packedTarball(): string {
  if (packed) return packed;
  const destination = mkdtempSync(join(tmpdir(), 'tokenflow-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: PACKAGE_DIR, stdio: 'pipe' });
  const [tarball] = readdirSync(destination).filter((file) => file.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('pnpm pack wrote no tarball');
  packed = join(destination, tarball);
  return packed;
}

/** A copy of a fixture app in a temp folder, outside the workspace, as a user's app would be. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tokenflow-${name}-`));
  cpSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), dir, { recursive: true });
  return dir;
}
