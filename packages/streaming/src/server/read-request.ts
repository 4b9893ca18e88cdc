import { RouteError } from './route-error.js';

/** Keys that could reach an object's prototype if a later step merged the body into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Far deeper than any real request; deeper input is refused before anything walks it recursively. */
const MAX_DEPTH = 64;

/** Reads the body as text, counting bytes while reading, so a huge body is never held in memory. */
async function readLimited(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = (headers?: Record<string, string>) =>
    new RouteError(413, 'too-large', `The request body is larger than ${maxBytes} bytes.`, headers ? { headers } : {});
  const declared = Number(request.headers.get('content-length'));
  if (declared > maxBytes) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => {});
        // The rest of the body is still on the wire: the connection cannot carry another request.
        throw tooLarge({ connection: 'close' });
      }
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } catch (error) {
    if (error instanceof RouteError) throw error;
    throw new RouteError(400, 'invalid-json', 'The request body is not valid UTF-8 text.');
  }
}

/** False for a string with a lone UTF-16 surrogate, which no provider can take as text. */
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Refuses prototype keys anywhere, nesting deeper than MAX_DEPTH and malformed Unicode (lone surrogates, which
 * JSON escapes can carry), walking without recursion.
 */
function checkShape(root: unknown): void {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value === 'string' && !isWellFormed(value)) {
      throw new RouteError(400, 'invalid-json', 'The request has malformed Unicode text (a lone surrogate).');
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH)
      throw new RouteError(400, 'invalid-json', `The request body nests deeper than ${MAX_DEPTH}.`);
    for (const key of Object.keys(value)) {
      if (!isWellFormed(key)) {
        throw new RouteError(400, 'invalid-json', 'The request has malformed Unicode text (a lone surrogate).');
      }
      if (FORBIDDEN_KEYS.has(key)) {
        throw new RouteError(400, 'invalid-request', `The key "${key}" is not allowed anywhere in the request.`, {
          field: key,
        });
      }
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
}

/**
 * The checks every request passes before its fields are read: method, content type, size, JSON, shape.
 * Returns the parsed body, a plain JSON object.
 */
export async function readJsonRequest(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new RouteError(415, 'unsupported-media-type', 'Send the request as JSON (content-type: application/json).');
  }
  const text = await readLimited(request, maxBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RouteError(400, 'invalid-json', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RouteError(400, 'invalid-json', 'The request body must be a JSON object.');
  }
  checkShape(body);
  return body as Record<string, unknown>;
}
