import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';

/*
 * What a user copies compiles as written, under the project's strict settings: the README's examples, the TSDoc
 * examples editors show, the types they name. Each snippet is a file of its own in one TypeScript program, which
 * resolves `@tokenflow/streaming/*` to the sources (the root tsconfig's paths).
 */

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const TYPES = resolve(here, '../src/core/types.ts');

/** The root tsconfig's compiler options (strict, exactOptionalPropertyTypes, the package's paths, …). */
function rootOptions(): ts.CompilerOptions {
  const file = resolve(repo, 'tsconfig.json');
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, repo).options, noEmit: true };
}

/** The TypeScript errors of each snippet (by name), compiled together as files beside this test. */
function compile(snippets: Record<string, string>): Record<string, string[]> {
  const fileOf = (name: string) => resolve(here, `__snippet_${name}.ts`);
  const virtual = new Map(Object.entries(snippets).map(([name, text]) => [fileOf(name), text]));
  const host = ts.createCompilerHost(rootOptions());
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => virtual.has(resolve(file)) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(resolve(file)) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual.get(resolve(file));
    return text === undefined
      ? getSourceFile.call(host, file, language, ...rest)
      : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram([...virtual.keys()], rootOptions(), host);
  const errors: Record<string, string[]> = {};
  for (const name of Object.keys(snippets)) {
    const source = program.getSourceFile(fileOf(name));
    errors[name] = ts
      .getPreEmitDiagnostics(program, source)
      .map((diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  }
  return errors;
}

/** The README's fenced `ts` block that contains `marker`. */
function readmeBlock(marker: string): string {
  const readme = readFileSync(resolve(repo, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```tsx?\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .find((code) => code.includes(marker));
  if (block === undefined) throw new Error(`No README example contains ${marker}`);
  return block;
}

const typesSource = ts.createSourceFile(TYPES, readFileSync(TYPES, 'utf8'), ts.ScriptTarget.Latest, true);

/** The exported declarations of core/types.ts, by name. */
const exported = new Map(
  typesSource.statements
    .filter(
      (statement): statement is ts.InterfaceDeclaration | ts.TypeAliasDeclaration =>
        (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
        (ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Export) !== 0,
    )
    .map((statement) => [statement.name.text, statement]),
);

/** The code of a declaration's own `@example` (as editors show it), its fences gone; undefined without one. */
function exampleOf(name: string): string | undefined {
  const declaration = exported.get(name);
  const example = declaration && ts.getJSDocTags(declaration).find((tag) => tag.tagName.text === 'example');
  return typeof example?.comment === 'string' ? example.comment.replace(/```\w*\n?/g, '') : undefined;
}

const tokenExample = exampleOf('Token');

// The README's route example, with what it leaves to the app declared.
const README_ROUTE = `
import type { LanguageModel, Tool } from 'ai';
import type { StandardSchemaV1 } from '@tokenflow/streaming/core';
declare const openai: (id: string) => LanguageModel;
declare const weather: Tool<{ city: string }, { celsius: number }>;
declare const recipeSchema: StandardSchemaV1<{ title: string }> & import('zod').ZodType<{ title: string }>;
declare const owners: Map<string, string>;
declare function userOf(request: Request): string;
${readmeBlock('onStart:').replace(/^import \{ openai \} from '@ai-sdk\/openai';$/m, '')}`;

let errors: Record<string, string[]>;
beforeAll(() => {
  errors = compile({
    readmeRoute: README_ROUTE,
    token: `import type { Token } from '@tokenflow/streaming/core';\n${tokenExample ?? ''}\nexport { token };`,
    credentials: `
      import { type HttpCredentials, type HttpTransportOptions, httpTransport } from '@tokenflow/streaming/core';
      import type { HttpCredentials as FromRoot } from '@tokenflow/streaming';
      const credentials: HttpCredentials = 'include';
      const options: HttpTransportOptions = { api: '/api/stream', credentials };
      const same: FromRoot = credentials;
      export const transport = httpTransport(options);
      export { same };`,
  });
}, 60_000);

describe('examples compile as written', () => {
  test('the README’s createStreamHandler example: onStart may return a value (here the Map of owners)', () => {
    expect(errors.readmeRoute).toEqual([]);
  });

  test('the Token TSDoc example, on Token itself', () => {
    expect(tokenExample).toContain('const token: Token =');
    expect(errors.token).toEqual([]);
  });

  test('HttpCredentials, which HttpTransportOptions uses, is exported from /core and the root entry', () => {
    expect(errors.credentials).toEqual([]);
  });
});

describe('every exported type of core/types.ts has one doc block, its own', () => {
  test.each([...exported.keys()])('%s', (name) => {
    // Every `/** … */` right above it: a second one is another declaration's block, orphaned (editors show the last).
    const declaration = exported.get(name) as ts.Node;
    const docs = (ts.getLeadingCommentRanges(typesSource.text, declaration.pos) ?? []).filter((range) =>
      typesSource.text.startsWith('/**', range.pos),
    );
    expect(docs).toHaveLength(1);
    expect(ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc)).toHaveLength(1);
  });
});
