'use client';

import { useRef } from 'react';
import { createPartialJson, hasJsonPath, type JsonPath, type PartialJson } from '../core/partial-json.js';
import type { ToolCall } from '../core/types.js';

/**
 * A tool call's input as its JSON text streams (see {@link useToolInput}).
 *
 * @example
 * ```tsx
 * const { input, isComplete } = useToolInput(call);
 * ```
 */
export interface ToolInput {
  /** The input so far: strings grow as they arrive; the parsed input itself once the call has it. */
  readonly input: unknown;
  /** Whether the value at `path` is final (`[]`: the whole input). */
  isComplete(path: JsonPath): boolean;
}

/**
 * A tool call's input read as an object while the model writes it (`toolCalls` from `useTokens`), so a card can
 * fill in its fields as they stream. Each render reads only the input text that arrived since the previous one.
 *
 * @example
 * ```tsx
 * function WeatherCard({ call }: { call: ToolCall }) {
 *   const { input } = useToolInput(call);
 *   const { city } = (input ?? {}) as { city?: string };
 *   return <p aria-busy={call.state === 'input-streaming'}>Weather for {city ?? '…'}</p>;
 * }
 * ```
 */
export function useToolInput(call: ToolCall): ToolInput {
  const reading = useRef<{ id: string; json: PartialJson; read: number }>(undefined);
  if (reading.current?.id !== call.id) reading.current = { id: call.id, json: createPartialJson(), read: 0 };
  const current = reading.current;
  if (call.inputText.length > current.read) {
    current.json.push(call.inputText.slice(current.read));
    current.read = call.inputText.length;
  }
  // The call's own input once it has one: also when its tool failed afterwards, and when it came whole, with no text.
  const parsed = call.state !== 'input-streaming' && call.input !== undefined;
  return {
    input: parsed ? call.input : current.json.value,
    isComplete: (path) => (parsed ? hasJsonPath(call.input, path) : current.json.isComplete(path)),
  };
}
