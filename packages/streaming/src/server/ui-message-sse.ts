import { UI_MESSAGE_STREAM_HEADERS, type UIMessageChunk } from 'ai';

/*
 * The UI message stream on the wire, written here rather than by the AI SDK's createUIMessageStreamResponse:
 * that one pipes the chunks through two TransformStreams (JSON to SSE text, text to bytes), each about 45 µs to
 * build in Node plus promise hops for every chunk: most of what this route added to the first token's latency over
 * a plain AI SDK route (bench/node/route.ts). The bytes are the same: one `data: <json>\n\n` event per chunk,
 * `data: [DONE]\n\n` at the end, and the AI SDK's own headers.
 */

const encoder = new TextEncoder();

/** The chunks as SSE events, in one buffer: one write to the socket however many chunks there are. */
export function sseEvents(chunks: readonly UIMessageChunk[], done = false): Uint8Array {
  let text = '';
  for (const chunk of chunks) text += `data: ${JSON.stringify(chunk)}\n\n`;
  return encoder.encode(done ? `${text}data: [DONE]\n\n` : text);
}

/** A 200 answer streaming `body` (already SSE bytes) with the AI SDK's UI message stream headers. */
export function sseResponse(body: ReadableStream<Uint8Array>, headers: Record<string, string>): Response {
  return new Response(body, { headers: { ...UI_MESSAGE_STREAM_HEADERS, ...headers } });
}
