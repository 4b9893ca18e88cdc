import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A folder or file name that is a path segment: a word, or a `[param]` that matches any one segment. */
const SEGMENT = /^(?:[\w-]+|\[\w+\])$/;
const isParam = (segment: string): boolean => segment.startsWith('[');

/**
 * The routes in `dir`, by name: `stream` for `stream.ts`, `stream/[id]` for `stream/[id].ts` (files ending in
 * `extension`, in folders at any depth). `_`- and `.`-prefixed files and folders are helpers, not routes, as on
 * Vercel.
 */
export function routeNames(dir: string, extension: '.ts' | '.js', prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (/^[_.]/.test(entry.name)) return [];
    if (entry.isDirectory()) {
      return SEGMENT.test(entry.name) ? routeNames(join(dir, entry.name), extension, `${prefix}${entry.name}/`) : [];
    }
    const base = entry.name.slice(0, -extension.length);
    // SEGMENT has no dot, so `x.d.ts` (types) is not a route.
    const isRoute = entry.isFile() && entry.name.endsWith(extension) && SEGMENT.test(base);
    return isRoute ? [`${prefix}${base}`] : [];
  });
}

/** Orders the routes that fit one path: at the first segment where two differ, a word beats a `[param]`. */
const specificity = (name: string): string =>
  name
    .split('/')
    .map((segment) => (isParam(segment) ? '1' : '0'))
    .join('');

/**
 * The route that serves `path` (what follows `/api/`), as Vercel picks it: `stream/abc` is served by `stream/abc`
 * if there is such a file, else by `stream/[id]`. Undefined when no route fits. Only names from `names` come back,
 * so nothing in the URL ever becomes a file path.
 */
export function matchRoute(names: readonly string[], path: string): string | undefined {
  const parts = path.split('/');
  const fits = names.filter((name) => {
    const segments = name.split('/');
    return (
      segments.length === parts.length &&
      segments.every((segment, i) => segment === parts[i] || (isParam(segment) && parts[i] !== ''))
    );
  });
  return fits.sort((a, b) => specificity(a).localeCompare(specificity(b)))[0];
}
