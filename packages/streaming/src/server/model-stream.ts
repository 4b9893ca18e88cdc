import {
  isStepCount,
  type LanguageModel,
  type OutputInterface,
  streamText,
  type TextStreamPart,
  type ToolSet,
  toUIMessageStream,
  type UIMessageChunk,
} from 'ai';
import { normalizeUsage } from '../transport/usage.js';
import type { FailurePhase, StreamHandlerOptions } from './create-stream-handler.js';
import type { ModelCall } from './parse-stream-request.js';
import { classifyProviderError } from './provider-errors.js';

export type Report = (error: unknown, phase: FailurePhase, request: Request) => void;

/** Steps of the tool loop when the route has tools and sets no `maxSteps`: a call, its answer, and one more. */
const DEFAULT_MAX_STEPS = 3;

/** What the handler made once from its options: the output specs by name. */
export interface ModelStreamSetup {
  outputs: ReadonlyMap<string, OutputInterface>;
}

/** Chunks that open the stream or a step, or announce a text: seeing only these, the model has produced nothing. */
const PREAMBLE = new Set<UIMessageChunk['type']>([
  'start',
  'start-step',
  'finish-step',
  'message-metadata',
  'text-start',
]);

/**
 * Whether a chunk shows that the model is answering: any content (text, reasoning, a tool call, a source, a file)
 * or the finish. A reasoning model's `reasoning-start` counts: it may think for minutes before its first text, and
 * the call already succeeded. `error` and `abort` are ends, not content.
 */
export const isContent = (chunk: UIMessageChunk): boolean =>
  !PREAMBLE.has(chunk.type) && chunk.type !== 'error' && chunk.type !== 'abort';

/**
 * The client's line for a failed tool call (its execution threw, or the model called it wrongly), told apart from a
 * failed stream by the part being converted when the error came; undefined for any other error.
 */
function toolFailure(part: TextStreamPart<ToolSet> | undefined, error: unknown): string | undefined {
  if (part?.type === 'tool-error' && part.error === error) return `The tool "${part.toolName}" failed.`;
  if (part?.type === 'tool-call' && part.invalid === true && part.error === error) {
    return `The model called the tool "${part.toolName}" wrongly.`;
  }
  return undefined;
}

/** A model call as a UI message stream, and what the route learns of it on the way. */
export interface ModelStream {
  readonly chunks: ReadableStream<UIMessageChunk>;
  /** The first failure of the call, as the provider raised it (undefined while it goes well). */
  failure(): unknown;
  /** Call once the answer started: failures are reported as `streaming` from then on. */
  markAnswered(): void;
  /** Whether one of the route's tools is running: the provider's silence meanwhile is the tool's time, no stall. */
  toolsRunning(): boolean;
}

/**
 * Calls the model with `streamText` and turns its parts into the UI message stream the route sends: text,
 * reasoning, sources, and with `tools` the tool calls and results of each step (at most `maxSteps`); the structured
 * output asked for as `responseFormat`, its JSON as text; usage, finish reason and the model that answered in the
 * finish chunk's message metadata; after each reasoning part, `{ reasoningMs }` message metadata (the server's time
 * from the first reasoning delta to the last so far, the same for every reader, live or replayed); failures as safe
 * `error` chunks (the original goes to `report`). Aborting `signal` closes the provider connection: cancelling the
 * AI SDK's streams does not, only its signal does.
 */
export function modelStream(
  options: StreamHandlerOptions,
  setup: ModelStreamSetup,
  call: ModelCall,
  request: Request,
  report: Report,
  signal: AbortSignal,
): ModelStream {
  let answered = false;
  let failure: unknown;
  let respondedModel = call.modelId;
  // The part being turned into a chunk when onError is called: tells a failed tool call from a failed stream.
  let current: TextStreamPart<ToolSet> | undefined;
  // The calls of the route's tools that have not come back yet.
  const running = new Set<string>();
  // When the first and the latest reasoning delta passed, by this server's clock (epoch ms: Date.now runs on every
  // runtime). Every reader then shows the same reasoning time, also one that got the reasoning replayed in a burst.
  let firstReasoningAt: number | undefined;
  let lastReasoningAt = 0;
  const { tools } = options;
  const output = call.output === undefined ? undefined : setup.outputs.get(call.output);
  const result = streamText({
    model: options.models[call.modelId] as LanguageModel,
    ...call.prompt,
    ...(call.system !== undefined && { instructions: call.system }),
    ...call.settings,
    ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
    ...(tools !== undefined && { tools, stopWhen: isStepCount(options.maxSteps ?? DEFAULT_MAX_STEPS) }),
    ...(output !== undefined && { output }),
    allowSystemInMessages: options.allowSystemMessages ?? false,
    // The provider's silence is timed by the route, not with the AI SDK's `timeout.chunkMs`: that one needs
    // AbortSignal.any, which edge sandboxes (Next.js edge routes) do not have.
    abortSignal: signal,
    // Failures become error chunks below and are reported through onError once, not logged here.
    onError: () => {},
    onFinish: async (event) => {
      try {
        await options.onFinish?.({
          model: respondedModel,
          usage: normalizeUsage(event.totalUsage),
          finishReason: event.finishReason,
          // Every step's text, as the client got it (event.text is the last step's).
          text: event.steps.map((step) => step.text).join(''),
          request,
        });
      } catch (error) {
        // The answer is already complete: a failing usage logger is the deployer's to hear about, not the client's.
        report(error, 'streaming', request);
      }
    },
  });
  const chunks = toUIMessageStream({
    stream: result.stream,
    ...(tools !== undefined && { tools }),
    sendReasoning: true,
    sendSources: true,
    onError: (error) => {
      // A tool that threw, or a call the model got wrong: the model is told and the loop goes on, so it is no
      // failure of the call. The client gets a safe line, not the error's message (it may hold a server's details).
      const toolFailed = toolFailure(current, error);
      if (toolFailed !== undefined) {
        report(error, 'tool', request);
        return toolFailed;
      }
      failure ??= error;
      report(error, answered ? 'streaming' : 'before-first-token', request);
      return classifyProviderError(error).message;
    },
    messageMetadata: ({ part }) => {
      current = part;
      if (part.type === 'tool-call' && part.invalid !== true && part.providerExecuted !== true) {
        running.add(part.toolCallId);
      } else if (part.type === 'tool-result' || part.type === 'tool-error' || part.type === 'tool-output-denied') {
        running.delete(part.toolCallId);
      }
      if (part.type === 'finish-step' && part.response.modelId) respondedModel = part.response.modelId;
      if (part.type === 'reasoning-delta' && part.text !== '') {
        lastReasoningAt = Date.now();
        firstReasoningAt ??= lastReasoningAt;
      }
      // Sent by the AI SDK as a `message-metadata` chunk right after the reasoning's end (merged into useChat's
      // message.metadata): from the first reasoning delta to the last so far, across steps.
      if (part.type === 'reasoning-end') {
        return firstReasoningAt === undefined ? undefined : { reasoningMs: lastReasoningAt - firstReasoningAt };
      }
      if (part.type !== 'finish') return undefined;
      return { usage: part.totalUsage, finishReason: part.finishReason, model: respondedModel };
    },
  });
  return {
    chunks,
    failure: () => failure,
    markAnswered: () => {
      answered = true;
    },
    toolsRunning: () => running.size > 0,
  };
}
