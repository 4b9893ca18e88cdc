'use client';

import { useEffect, useRef, useState } from 'react';
import type { StreamError } from '../core/errors.js';
import {
  createPartialJson,
  type JsonPath,
  type PartialJson,
  type StandardResult,
  type StandardSchemaV1,
} from '../core/partial-json.js';
import type { StreamHandle } from '../core/types.js';
import { useStreamingStore } from './context.js';
import { useTokens } from './use-tokens.js';

/**
 * The object a stream's JSON text describes, as it streams (see {@link useStreamObject}).
 *
 * @example
 * ```tsx
 * const { object, isComplete } = useStreamObject<Recipe>(handle);
 * return <h2 aria-busy={!isComplete(['title'])}>{object?.title}</h2>;
 * ```
 */
export interface StreamObject<Output> {
  /**
   * The object so far: strings grow as they arrive, numbers and literals show once whole. Parts that did not
   * change keep their identity from one render to the next.
   */
  readonly object: DeepPartial<Output> | undefined;
  /** Whether the value at `path` is final (`[]`: the whole object). */
  isComplete(path: JsonPath): boolean;
  /** The JSON is whole. */
  readonly done: boolean;
  /**
   * The schema's output, once the JSON is whole and the schema accepts it (the object as read, without a schema).
   * Undefined whenever `error` is set.
   */
  readonly value: Output | undefined;
  /**
   * Why the JSON could not be read (code `protocol`): it is malformed (text after the value too), or the stream
   * ended `done` before the JSON did (cut short, e.g. by `maxOutputTokens`). The object read so far stays. A stream
   * that was stopped or failed leaves it undefined: its own status and error (`useTokens`) say why.
   */
  readonly error: StreamError | undefined;
  /** What the schema found wrong with the finished object. */
  readonly issues: StandardResult<Output>['issues'];
}

/** An object whose fields, at any depth, may be missing while it streams. */
export type DeepPartial<T> = T extends readonly (infer Item)[]
  ? readonly DeepPartial<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]?: DeepPartial<T[Key]> }
    : T;

/** Options of {@link useStreamObject}. */
export interface UseStreamObjectOptions<Output> {
  /**
   * Checks the finished object: any Standard Schema (zod 4, valibot, arktype, ...). Imported by the app only. Read
   * when the JSON completes, once: a schema written inline is fine, and one changed after that check is not applied.
   */
  schema?: StandardSchemaV1<unknown, Output> | undefined;
}

/** The reader of one handle's text, and how many of its tokens it has read. */
interface Reading {
  handle: StreamHandle;
  json: PartialJson;
  read: number;
}

/**
 * A stream whose text is JSON (a structured output: `start({ output: 'recipe' })` on a route with `outputs`), read
 * as an object while it streams. Each render reads only the text that arrived since the previous one, so a token
 * costs O(its length), never a parse of the whole text again. Re-renders with the text, at most once per frame.
 * The reader needs every token: give the stream an unbounded buffer (the default).
 *
 * @example
 * ```tsx
 * function RecipeCard({ handle }: { handle: StreamHandle }) {
 *   const { object, done, error } = useStreamObject(handle, { schema: recipeSchema });
 *   if (error) return <p role="alert">{error.message}</p>;
 *   return (
 *     <article aria-busy={!done}>
 *       <h2>{object?.title}</h2>
 *       <ul>{object?.steps?.map((step, i) => <li key={i}>{step}</li>)}</ul>
 *     </article>
 *   );
 * }
 * ```
 */
export function useStreamObject<Output = unknown>(
  handle: StreamHandle | null | undefined,
  options: UseStreamObjectOptions<Output> = {},
): StreamObject<Output> {
  const store = useStreamingStore();
  // Read for its re-renders: this component renders when the text grows or the stream ends.
  const { tokenCount, status } = useTokens(handle);
  const reading = useRef<Reading>(undefined);
  if (handle && reading.current?.handle !== handle) reading.current = { handle, json: createPartialJson(), read: 0 };
  const current = handle ? reading.current : undefined;
  if (current && current.read < tokenCount) {
    const more = store.readTextSince(current.handle, current.read);
    // A bounded buffer dropped tokens this reader had not read: the JSON has a hole, which it reports as malformed.
    current.json.push(more ? more.text : '\u0000');
    current.read = more ? more.tokenCount : tokenCount;
  }
  const json = current?.json;
  if (json && status === 'done' && !json.done && !json.error) json.end();

  const { schema } = options;
  // Read through a ref: a schema written inline is a new object at each render, and must not check again (and
  // render again) each time. The finished JSON is checked once, with the schema of the latest commit.
  const latestSchema = useRef(schema);
  useEffect(() => {
    latestSchema.current = schema;
  });
  const hasSchema = schema !== undefined;
  const [checked, setChecked] = useState<{ json: PartialJson; result: StandardResult<Output> }>();
  const done = json?.done ?? false;
  useEffect(() => {
    const checking = latestSchema.current;
    if (!json || !done || !hasSchema || !checking) return;
    let current = true;
    void json.validate(checking).then((result) => current && setChecked({ json, result }));
    return () => {
      current = false;
    };
  }, [json, done, hasSchema]);

  const result = checked?.json === json ? checked?.result : undefined;
  const error = json?.error;
  return {
    object: json?.value as DeepPartial<Output> | undefined,
    isComplete: (path) => json?.isComplete(path) ?? false,
    done,
    // Text after the value may come after the check: an error withdraws the checked value too.
    value: hasSchema
      ? result && !result.issues && !error
        ? result.value
        : undefined
      : done && !error
        ? (json?.value as Output)
        : undefined,
    error,
    issues: result?.issues,
  };
}
