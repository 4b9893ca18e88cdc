import type { DataPart, Source, StreamSink, ToolCall } from './types.js';

/** A chunk of the UI message stream, as the transport hands it over: an object with a string `type`. */
export type PartChunk = Parameters<StreamSink['part']>[0];

/**
 * A stream's parts besides its text and reasoning: tool calls, sources, and `data-*` parts. Each list is a new array
 * only when one of its items changed, and an item that did not change is the same object as before, so a component
 * memoised on one tool call does not render again for another's.
 */
export interface StreamParts {
  /** Takes one chunk of those kinds; returns whether a list changed. Unknown kinds change nothing. */
  apply(chunk: PartChunk): boolean;
  readonly toolCalls: readonly ToolCall[];
  readonly sources: readonly Source[];
  readonly data: readonly DataPart[];
}

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A copy of `list` with `item` in place of the first item `same` matches, or added at the end. */
function put<Item>(list: readonly Item[], item: Item, same: (other: Item) => boolean): readonly Item[] {
  const copy = list.slice();
  const at = copy.findIndex(same);
  copy[at < 0 ? copy.length : at] = item;
  return copy;
}

export function createStreamParts(): StreamParts {
  const parts: Mutable<StreamParts> = {
    toolCalls: [],
    sources: [],
    data: [],
    apply(chunk) {
      const { type } = chunk;
      if (type.startsWith('tool-')) {
        const id = str(chunk.toolCallId);
        if (id === undefined) return false;
        // A call whose start was missed (a reader that attached late) starts at its first chunk.
        const call: Mutable<ToolCall> = {
          ...(parts.toolCalls.find((other) => other.id === id) ?? {
            id,
            name: str(chunk.toolName) ?? '',
            state: 'input-streaming',
            inputText: '',
            input: undefined,
            output: undefined,
            errorText: undefined,
          }),
        };
        if (type === 'tool-input-delta') call.inputText += str(chunk.inputTextDelta) ?? '';
        else if (type === 'tool-input-available') {
          call.state = 'input-available';
          call.input = chunk.input;
        } else if (type === 'tool-output-available') {
          call.state = 'output-available';
          call.output = chunk.output;
        } else if (type.endsWith('-error')) {
          call.state = 'error';
          call.errorText = str(chunk.errorText) ?? 'The tool call failed.';
        }
        parts.toolCalls = put(parts.toolCalls, call, (other) => other.id === id);
      } else if (type.startsWith('source-')) {
        const source: Source = {
          id: str(chunk.sourceId) ?? '',
          type: type === 'source-url' ? 'url' : 'document',
          url: str(chunk.url),
          title: str(chunk.title),
          mediaType: str(chunk.mediaType),
          filename: str(chunk.filename),
        };
        parts.sources = put(parts.sources, source, (other) => other.id === source.id);
      } else if (type.startsWith('data-') && chunk.transient !== true) {
        // One with an id replaces the earlier part of the same type and id (the AI SDK's rule); a transient one is
        // for the moment it arrives, not for the view.
        const id = str(chunk.id);
        parts.data = put(
          parts.data,
          { type, id, data: chunk.data },
          (other) => id !== undefined && other.type === type && other.id === id,
        );
      } else return false;
      return true;
    },
  };
  return parts;
}
