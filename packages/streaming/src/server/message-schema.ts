import { z } from 'zod';

/*
 * The messages this route accepts: a text conversation, as model messages or as AI SDK UI messages (what
 * useChat sends), and, on a route with tools, the tool calls of earlier turns and their results. Parts whose
 * fields have the wrong type are refused here: anything that gets past these schemas is a prompt the AI SDK can
 * send (a tool call left without its result is refused by the AI SDK, before any provider call, as a 400).
 */

const text = z.object({ type: z.literal('text'), text: z.string() }).loose();
const reasoning = z.object({ type: z.literal('reasoning'), text: z.string() }).loose();
const image = z
  .object({ type: z.literal('image'), image: z.string().min(1), mediaType: z.string().optional() })
  .loose();
const file = z.object({ type: z.literal('file'), data: z.string().min(1), mediaType: z.string().min(1) }).loose();

/** No `parts` key: a message with one that is not a list of parts is garbage, not a model message. */
const noParts = { parts: z.never().optional() };
const userContent = z.union([z.string(), z.array(z.union([text, image, file]))]);

const callId = z.string().min(1);
const toolName = z.string().min(1);
/** A tool call of the model, in an assistant model message. */
const toolCall = z.object({ type: z.literal('tool-call'), toolCallId: callId, toolName, input: z.unknown() }).loose();
/** A tool's result, in a tool model message (the AI SDK's output shapes: `{ type: 'json', value }`, …). */
const toolResult = z
  .object({
    type: z.literal('tool-result'),
    toolCallId: callId,
    toolName,
    output: z.object({ type: z.string() }).loose(),
  })
  .loose();
/**
 * A tool call and what came of it, in a UI message: `tool-<name>` for the route's tools, `dynamic-tool` with its
 * name; the AI SDK's states (`output-available`, `output-error`, …) are judged by its message conversion.
 */
const toolUIPart = z.union([
  z.object({ type: z.templateLiteral(['tool-', z.string().min(1)]), toolCallId: callId, state: z.string() }).loose(),
  z.object({ type: z.literal('dynamic-tool'), toolName, toolCallId: callId, state: z.string() }).loose(),
]);

const uiParts = [
  text,
  reasoning,
  z.object({ type: z.literal('step-start') }).loose(),
  z.object({ type: z.literal('file'), mediaType: z.string().min(1), url: z.string().min(1) }).loose(),
  z.object({ type: z.literal('source-url'), sourceId: z.string(), url: z.string() }).loose(),
  z.object({ type: z.templateLiteral(['data-', z.string()]) }).loose(),
] as const;

/** The messages a route accepts: text conversations, and with `tools` the tool calls and results of earlier turns. */
export function messageSchemaFor({ tools }: { tools: boolean }) {
  const assistantParts = tools ? z.union([text, reasoning, toolCall]) : z.union([text, reasoning]);
  const modelMessage = z.discriminatedUnion('role', [
    z.object({ role: z.literal('system'), content: z.string(), ...noParts }).loose(),
    z.object({ role: z.literal('user'), content: userContent, ...noParts }).loose(),
    z
      .object({ role: z.literal('assistant'), content: z.union([z.string(), z.array(assistantParts)]), ...noParts })
      .loose(),
    ...(tools ? [z.object({ role: z.literal('tool'), content: z.array(toolResult), ...noParts }).loose()] : []),
  ]);
  const uiPart = tools ? z.union([...uiParts, toolUIPart]) : z.union(uiParts);
  const uiMessage = z
    .object({ id: z.string().optional(), role: z.enum(['system', 'user', 'assistant']), parts: z.array(uiPart) })
    .loose();
  // `parts` (an array) marks a UI message.
  return z.union([uiMessage, modelMessage]);
}

/** The messages of a route without tools. */
export const messageSchema = messageSchemaFor({ tools: false });

export type RouteMessage = z.infer<ReturnType<typeof messageSchemaFor>>;

/**
 * The text a message asks the model to read, in UTF-16 code units, for the prompt-size limit: its text parts, and
 * the inputs and outputs of its tool calls as JSON.
 */
export function messageChars(message: RouteMessage): number {
  const content: unknown = 'parts' in message && Array.isArray(message.parts) ? message.parts : message.content;
  if (typeof content === 'string') return content.length;
  let chars = 0;
  for (const item of content as { text?: unknown; input?: unknown; output?: unknown }[]) {
    if (typeof item.text === 'string') chars += item.text.length;
    if (item.input !== undefined) chars += JSON.stringify(item.input)?.length ?? 0;
    if (item.output !== undefined) chars += JSON.stringify(item.output)?.length ?? 0;
  }
  return chars;
}
