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
  test('the client entry loads React, zustand and eventsource-parser, and neither ai nor zod', () => {
    expect([...packagesReachedFrom('index.ts')].sort()).toEqual([
      'eventsource-parser',
      'react',
      'zustand',
      'zustand/vanilla',
    ]);
  });

  test('the core entry loads no React and nothing of the DOM', () => {
    expect([...packagesReachedFrom('core/index.ts')].sort()).toEqual(['eventsource-parser', 'zustand/vanilla']);
  });

  test('the direct and server entries load ai; the server entry loads no React', () => {
    expect(packagesReachedFrom('transport/direct.ts')).toContain('ai');
    expect([...packagesReachedFrom('server/index.ts')].sort()).toEqual(['ai', 'zod']);
  });
});
