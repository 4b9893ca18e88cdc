import { convertToModelMessages, type ModelMessage, type UIMessage } from 'ai';
import { z } from 'zod';
import { type ModelSettings, pickModelSettings, type TransportOnlyField } from '../core/request-fields.js';
import type { StreamRequest } from '../core/types.js';
import { messageChars, messageSchema, messageSchemaFor } from './message-schema.js';
import { RouteError } from './route-error.js';

/**
 * Limits of the route; every one has a default a deployer can change.
 *
 * @example
 * ```ts
 * const limits: StreamLimits = { maxBodyBytes: 256_000, maxOutputTokens: 1_024 };
 * ```
 */
export interface StreamLimits {
  /** Largest request body, counted while reading (default 1,000,000 bytes). */
  maxBodyBytes?: number;
  /** Most characters of prompt, system and message text together (default 100,000). */
  maxPromptChars?: number;
  /** Most messages in one request (default 100). */
  maxMessages?: number;
  /** The ceiling for `maxOutputTokens`; also what is asked when the client sets none (default 4,096). */
  maxOutputTokens?: number;
}

export const DEFAULT_LIMITS: Required<StreamLimits> = {
  maxBodyBytes: 1_000_000,
  maxPromptChars: 100_000,
  maxMessages: 100,
  maxOutputTokens: 4_096,
};

/**
 * The fields the route reads: those of the client's `StreamRequest` but the transport's own (the compiler holds the
 * two lists together: a field missing here, or one the client does not send, does not compile). Unknown top-level
 * fields (a client's extras, useChat's id and trigger) pass.
 */
const requestShape = {
  prompt: z.string().trim().min(1).optional(),
  messages: z.array(messageSchema).min(1).optional(),
  system: z.string().optional(),
  model: z.string().min(1).optional(),
  // A structured output's name: one of the route's `outputs` (checked below, against the route's own list).
  output: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  topP: z.number().min(0).max(1).optional(),
  stopSequences: z.array(z.string().min(1)).max(16).optional(),
  seed: z.number().int().optional(),
} satisfies Record<Exclude<keyof StreamRequest, TransportOnlyField>, z.ZodType>;
const requestSchema = z.looseObject(requestShape);
/** On a route with tools, messages may carry the tool calls of earlier turns and their results. */
const toolRequestSchema = requestSchema.extend({
  messages: z
    .array(messageSchemaFor({ tools: true }))
    .min(1)
    .optional(),
});
type RequestBody = z.infer<typeof toolRequestSchema>;

/** A request that passed every check: what `streamText` is called with. */
export interface ModelCall {
  modelId: string;
  prompt: { prompt: string } | { messages: ModelMessage[] };
  system: string | undefined;
  settings: ModelSettings & { maxOutputTokens: number };
  /** The name of the structured output asked for (one of the route's `outputs`), if any. */
  output: string | undefined;
}

const invalid = (message: string, field?: string) =>
  new RouteError(400, 'invalid-request', message, field === undefined ? {} : { field });

/** All the text a request asks the model to read, for the prompt-size limit. */
function promptChars(body: RequestBody): number {
  let chars = (body.prompt?.length ?? 0) + (body.system?.length ?? 0);
  for (const message of body.messages ?? []) chars += messageChars(message);
  return chars;
}

async function toModelMessages(messages: NonNullable<RequestBody['messages']>) {
  const ui = messages.filter((message) => 'parts' in message && Array.isArray(message.parts));
  if (ui.length === 0) return messages as unknown as ModelMessage[];
  if (ui.length !== messages.length)
    throw invalid('Send either UI messages (with parts) or model messages, not both.', 'messages');
  try {
    return await convertToModelMessages(messages as unknown as UIMessage[]);
  } catch {
    throw invalid('The UI messages could not be read as a prompt.', 'messages');
  }
}

/**
 * Validates a parsed request against the schema, the model allow-list and the limits. Throws a RouteError (4xx)
 * naming the field for anything wrong, so that no provider call is made for a bad request.
 */
export async function parseStreamRequest(
  raw: Record<string, unknown>,
  options: {
    models: readonly string[];
    defaultModel: string;
    limits: Required<StreamLimits>;
    allowSystemMessages: boolean;
    /** The names of the structured outputs the route offers. */
    outputs: readonly string[];
    /** The route has tools: messages may carry earlier tool calls and results. */
    tools: boolean;
  },
): Promise<ModelCall> {
  const parsed: z.ZodSafeParseResult<RequestBody> = (options.tools ? toolRequestSchema : requestSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || 'body';
    throw invalid(`${path}: ${issue?.message ?? 'invalid'}`, path);
  }
  const body = parsed.data;
  const { limits } = options;
  if (body.prompt !== undefined && body.messages !== undefined)
    throw invalid('Send prompt or messages, not both.', 'prompt');
  if (body.prompt === undefined && body.messages === undefined) throw invalid('Send a prompt or messages.', 'prompt');
  const modelId = body.model ?? options.defaultModel;
  if (!options.models.includes(modelId)) {
    throw new RouteError(
      400,
      'unknown-model',
      `Unknown model "${modelId}". Choose one of: ${options.models.join(', ')}.`,
      {
        field: 'model',
      },
    );
  }
  if (body.output !== undefined && !options.outputs.includes(body.output)) {
    const offered = options.outputs.length === 0 ? 'none' : options.outputs.join(', ');
    throw invalid(`Unknown output "${body.output}". This route offers: ${offered}.`, 'output');
  }
  if ((body.maxOutputTokens ?? 0) > limits.maxOutputTokens) {
    throw invalid(`maxOutputTokens may be at most ${limits.maxOutputTokens}.`, 'maxOutputTokens');
  }
  if ((body.messages?.length ?? 0) > limits.maxMessages) {
    throw new RouteError(413, 'too-large', `At most ${limits.maxMessages} messages are accepted.`, {
      field: 'messages',
    });
  }
  if (promptChars(body) > limits.maxPromptChars) {
    throw new RouteError(413, 'too-large', `The prompt may have at most ${limits.maxPromptChars} characters.`, {
      field: 'prompt',
    });
  }
  if (!options.allowSystemMessages && body.messages?.some((message) => message.role === 'system')) {
    throw invalid('System messages are not accepted here; the server sets the instructions.', 'messages');
  }
  const settings = { ...pickModelSettings(body), maxOutputTokens: body.maxOutputTokens ?? limits.maxOutputTokens };
  return {
    modelId,
    prompt: body.messages ? { messages: await toModelMessages(body.messages) } : { prompt: body.prompt ?? '' },
    system: body.system,
    settings,
    output: body.output,
  };
}
