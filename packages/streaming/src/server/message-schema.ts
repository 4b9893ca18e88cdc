import { z } from 'zod';

/*
 * The messages this route accepts: a text conversation, as model messages or as AI SDK UI messages (what
 * useChat sends). The route offers no tools, so tool roles and tool parts are refused here, as are parts whose
 * fields have the wrong type: anything that gets past these schemas is a prompt the AI SDK can send.
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
const assistantContent = z.union([z.string(), z.array(z.union([text, reasoning]))]);

/** A model message: `{ role, content }`, content a string or text-like parts. */
export const modelMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string(), ...noParts }).loose(),
  z.object({ role: z.literal('user'), content: userContent, ...noParts }).loose(),
  z.object({ role: z.literal('assistant'), content: assistantContent, ...noParts }).loose(),
]);

const uiPart = z.union([
  text,
  reasoning,
  z.object({ type: z.literal('step-start') }).loose(),
  z.object({ type: z.literal('file'), mediaType: z.string().min(1), url: z.string().min(1) }).loose(),
  z.object({ type: z.literal('source-url'), sourceId: z.string(), url: z.string() }).loose(),
  z.object({ type: z.templateLiteral(['data-', z.string()]) }).loose(),
]);

/** An AI SDK UI message: `{ id?, role, parts }`. */
export const uiMessageSchema = z
  .object({ id: z.string().optional(), role: z.enum(['system', 'user', 'assistant']), parts: z.array(uiPart) })
  .loose();

/** Either kind; `parts` (an array) marks a UI message. */
export const messageSchema = z.union([uiMessageSchema, modelMessageSchema]);

export type RouteMessage = z.infer<typeof messageSchema>;

/** The text a message asks the model to read, in UTF-16 code units, for the prompt-size limit. */
export function messageChars(message: RouteMessage): number {
  const content: unknown = 'parts' in message && Array.isArray(message.parts) ? message.parts : message.content;
  if (typeof content === 'string') return content.length;
  let chars = 0;
  for (const item of content as { text?: unknown }[]) if (typeof item.text === 'string') chars += item.text.length;
  return chars;
}
