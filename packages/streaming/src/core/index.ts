/**
 * `@tokenflow/streaming/core`: the framework-agnostic core. No React, no DOM: runs in browsers, workers,
 * Node, Deno and edge runtimes.
 */

export type { HttpCredentials, HttpTransportOptions } from '../transport/http.js';
export { httpTransport } from '../transport/http.js';
export type { StreamErrorCode, StreamErrorDetails } from './errors.js';
export { isStreamError, StreamError } from './errors.js';
export { isReasoning } from './is-reasoning.js';
export type { StreamingStoreOptions } from './options.js';
export type { JsonPath, PartialJson, StandardIssue, StandardResult, StandardSchemaV1 } from './partial-json.js';
export { createPartialJson } from './partial-json.js';
export type { HandleStorage } from './resume-on-reload.js';
export type { Throttle } from './scheduler.js';
export type { StreamingState, StreamingStore } from './store.js';
export { createStreamingStore, IDLE_VIEW } from './store.js';
export type * from './types.js';
