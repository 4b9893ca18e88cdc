import type { DataPart, Source, StreamSink, ToolCall } from './types.js';

/** A chunk of the UI message stream, as the transport hands it over: an object with a string `type`. */
export type PartChunk = Parameters<StreamSink['part']>[0];

/**
 * A stream's parts besides its text and reasoning: tool calls, sources, and `data-*` parts. Each list is a new array
 * only when one of its items changed, and an item that did not change is the same object as before, so a component
 * memoised on one tool call does not render again for another's.
 */
export interface StreamParts {
  /** Takes one chunk of those kinds; returns whether any list changed. Unknown kinds change nothing. */
  apply(chunk: PartChunk): boolean;
  readonly toolCalls: readonly ToolCall[];
  readonly sources: readonly Source[];
  readonly data: readonly DataPart[];
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The list with the item whose `id` matches replaced by `next(item)` (or `next(undefined)` added at the end). */
function upsert<Item extends { readonly id: string | undefined }>(
  list: readonly Item[],
  id: string | undefined,
  next: (item: Item | undefined) => Item | undefined,
): readonly Item[] {
  const at = id === undefined ? -1 : list.findIndex((item) => item.id === id);
  const item = next(list[at]);
  if (item === undefined) return list;
  if (at < 0) return [...list, item];
  const copy = list.slice();
  copy[at] = item;
  return copy;
}

export function createStreamParts(): StreamParts {
  let toolCalls: readonly ToolCall[] = [];
  let sources: readonly Source[] = [];
  let data: readonly DataPart[] = [];

  /** Changes the call `chunk.toolCallId` (creating it when its start was missed, as after a late attach). */
  const editCall = (chunk: PartChunk, edit: (call: ToolCall) => Partial<ToolCall>): boolean => {
    const id = str(chunk.toolCallId);
    if (id === undefined) return false;
    const before = toolCalls;
    toolCalls = upsert(toolCalls, id, (call) => {
      const base: ToolCall = call ?? {
        id,
        name: str(chunk.toolName) ?? '',
        state: 'input-streaming',
        inputText: '',
        input: undefined,
        output: undefined,
        errorText: undefined,
      };
      return { ...base, ...edit(base) };
    });
    return toolCalls !== before;
  };

  return {
    apply(chunk) {
      const { type } = chunk;
      switch (type) {
        case 'tool-input-start':
          return editCall(chunk, () => ({}));
        case 'tool-input-delta': {
          const delta = str(chunk.inputTextDelta);
          return delta ? editCall(chunk, (call) => ({ inputText: call.inputText + delta })) : false;
        }
        case 'tool-input-available':
          return editCall(chunk, () => ({ state: 'input-available', input: chunk.input }));
        case 'tool-input-error':
        case 'tool-output-error':
          return editCall(chunk, () => ({
            state: 'error',
            errorText: str(chunk.errorText) ?? 'The tool call failed.',
          }));
        case 'tool-output-available':
          return editCall(chunk, () => ({ state: 'output-available', output: chunk.output }));
        case 'source-url':
        case 'source-document': {
          const id = str(chunk.sourceId) ?? '';
          const before = sources;
          const source: Source = {
            id,
            type: type === 'source-url' ? 'url' : 'document',
            url: str(chunk.url),
            title: str(chunk.title),
            mediaType: str(chunk.mediaType),
            filename: str(chunk.filename),
          };
          sources = upsert(sources, id, () => source);
          return sources !== before;
        }
        default: {
          // `data-NAME` parts: one with an id replaces the earlier one of the same name and id (the AI SDK's rule);
          // a transient one is for the moment it arrives, not for the view.
          if (!type.startsWith('data-') || chunk.transient === true) return false;
          const id = str(chunk.id);
          const part: DataPart = { type, id, data: chunk.data };
          const before = data;
          const at = id === undefined ? -1 : data.findIndex((item) => item.type === type && item.id === id);
          const copy = data.slice();
          if (at < 0) copy.push(part);
          else copy[at] = part;
          data = copy;
          return data !== before;
        }
      }
    },
    get toolCalls() {
      return toolCalls;
    },
    get sources() {
      return sources;
    },
    get data() {
      return data;
    },
  };
}
