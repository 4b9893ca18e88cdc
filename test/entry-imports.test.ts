import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const source = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/streaming/src');

/** The modules a file imports at run time (type-only imports and exports are erased, so they do not count). */
function runtimeImports(file: string): string[] {
  const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  for (const statement of sourceFile.statements) {
    const isImport = ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly;
    const isExport = ts.isExportDeclaration(statement) && !statement.isTypeOnly;
    if ((isImport || isExport) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      found.push(statement.moduleSpecifier.text);
    }
  }
  return found;
}

/** Every package an entry pulls in at run time, following its relative imports. */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier).replace(/\.js$/, '');
        visit(ts.sys.fileExists(`${target}.ts`) ? `${target}.ts` : `${target}.tsx`);
      } else {
        packages.add(specifier);
      }
    }
  };
  visit(resolve(source, entry));
  return packages;
}

describe('what each entry loads at run time', () => {
  // JSX compiles to react/jsx-runtime imports too, which this source-level walk does not list: still React.
  test('the client entry loads only its peers React and zustand: no runtime dependency, neither ai nor zod', () => {
    expect([...packagesReachedFrom('index.ts')].sort()).toEqual(['react', 'zustand', 'zustand/vanilla']);
  });

  test('the core entry loads no React and nothing of the DOM', () => {
    expect([...packagesReachedFrom('core/index.ts')].sort()).toEqual(['zustand/vanilla']);
  });

  test('the direct and server entries load ai; the server entry loads no React', () => {
    expect(packagesReachedFrom('transport/direct.ts')).toContain('ai');
    expect([...packagesReachedFrom('server/index.ts')].sort()).toEqual(['ai', 'zod']);
  });

  test('the package has no runtime dependency: everything an entry loads is a peer', () => {
    const manifest = JSON.parse(readFileSync(resolve(source, '../package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies: Record<string, string>;
      exports: Record<string, string | { import: string }>;
    };
    expect(manifest.dependencies ?? {}).toEqual({});
    // Every entry the package exports, from its built file to its source: ./dist/core/index.js is core/index.ts.
    const entries = Object.values(manifest.exports).flatMap((target) =>
      typeof target === 'string' ? [] : [target.import.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts')],
    );
    expect(entries).toHaveLength(4);
    const loaded = new Set(entries.flatMap((entry) => [...packagesReachedFrom(entry)]));
    // A subpath import (zustand/vanilla) is its package's (zustand).
    const packageOf = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    for (const specifier of loaded) expect(Object.keys(manifest.peerDependencies)).toContain(packageOf(specifier));
  });
});
