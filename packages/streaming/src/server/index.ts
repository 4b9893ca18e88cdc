/**
 * `@tokenflow/streaming/server`: a Web-standard route handler that streams a model's answer as the AI SDK's UI
 * message stream. Runs on edge runtimes, in Next.js route handlers, and in Node through an adapter.
 */

export type { AllowedOrigins } from './cors.js';
export type {
  AuthorizeResult,
  FailurePhase,
  StreamAccess,
  StreamFinishEvent,
  StreamHandlerOptions,
  StreamStartEvent,
} from './create-stream-handler.js';
export { createStreamHandler } from './create-stream-handler.js';
export type { MemoryStreamLogOptions } from './log/memory-stream-log.js';
export { memoryStreamLog } from './log/memory-stream-log.js';
export type {
  RedisLogClient,
  RedisLogPipeline,
  RedisStreamEntry,
  RedisStreamLogOptions,
} from './log/redis-stream-log.js';
export { redisStreamLog } from './log/redis-stream-log.js';
export type { LoggedEvent, StreamCreateOptions, StreamLog } from './log/stream-log.js';
export type { StructuredOutput } from './outputs.js';
export type { StreamLimits } from './parse-stream-request.js';
export type { RouteErrorCode } from './route-error.js';
export { RouteError } from './route-error.js';
