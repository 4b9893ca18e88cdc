/**
 * `@tokenflow/streaming`: React hooks for streaming LLM tokens, plus the core's public types.
 * Start a stream in one component, render it in another, end it in a third.
 */

export * from './core/index.js';
export { GrowingText } from './dom/growing-text.js';
export { renderStreamText } from './dom/render-stream-text.js';
export { useStreamingStore } from './react/context.js';
export type { StreamTextProps } from './react/stream-text.js';
export { StreamText } from './react/stream-text.js';
export type { StreamingProviderProps } from './react/streaming-provider.js';
export { StreamingProvider } from './react/streaming-provider.js';
export { useEndStream } from './react/use-end-stream.js';
export type { UseStartStreamOptions } from './react/use-start-stream.js';
export { useStartStream } from './react/use-start-stream.js';
export { useStreamHandles } from './react/use-stream-handles.js';
export type { DeepPartial, StreamObject, UseStreamObjectOptions } from './react/use-stream-object.js';
export { useStreamObject } from './react/use-stream-object.js';
export { useStreamSelect } from './react/use-stream-select.js';
export type { UseTokensOptions } from './react/use-tokens.js';
export { useTokens } from './react/use-tokens.js';
export type { ToolInput } from './react/use-tool-input.js';
export { useToolInput } from './react/use-tool-input.js';
