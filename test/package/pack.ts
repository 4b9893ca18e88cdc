import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = fileURLToPath(new URL('../../packages/streaming', import.meta.url));

let packed: string | undefined;
/** The temp folders this test file made: an installed app with a built Next.js weighs hundreds of MB. */
const made: string[] = [];

/** A new temp folder (`tokenflow-<name>-…`), removed by `removeTemporaryFolders`. */
export function temporaryFolder(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tokenflow-${name}-`));
  made.push(dir);
  return dir;
}

/** Removes every folder `temporaryFolder` made (call in afterAll), the packed tarball's too. */
export function removeTemporaryFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  packed = undefined;
}

/**
 * The package as it would be published: `pnpm pack` (its prepack builds dist/ afresh) into a temp folder; packed
 * once per test file. Returns the tarball's path.
 */
export function packedTarball(): string {
  if (packed) return packed;
  const destination = temporaryFolder('pack');
  execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: PACKAGE_DIR, stdio: 'pipe' });
  const [tarball] = readdirSync(destination).filter((file) => file.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('pnpm pack wrote no tarball');
  packed = join(destination, tarball);
  return packed;
}

/** A copy of a fixture app in a temp folder, outside the workspace, as a user's app would be. */
export function copyFixture(name: string): string {
  const dir = temporaryFolder(name);
  cpSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), dir, { recursive: true });
  return dir;
}
