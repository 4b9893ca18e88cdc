import { request as httpRequest } from 'node:http';

/** What a test sends: any method, headers and bytes, as one body (with a content-length) or as chunks. */
export interface RawRequest {
  method?: string;
  /** Header values as sent; `content-length` is set for a one-piece body unless `chunked`. */
  headers?: Record<string, string>;
  /** A one-piece body, sent with its content-length. */
  body?: string | Uint8Array;
  /** A body sent in these pieces with `transfer-encoding: chunked` (no content-length). */
  chunks?: readonly (string | Uint8Array)[];
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes, decoded as UTF-8. */
  text: string;
}

/**
 * Sends a request with node:http, which, unlike fetch, sends exactly the method, headers and bytes it is given
 * (no content type of its own, any byte sequence). A server that answers before reading the whole body (a 413
 * from the content-length) may close the connection while the body is still being written: the answer counts,
 * the write error after it does not. Each request has a connection of its own, so no case depends on another.
 */
export function rawRequest(url: string, spec: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { ...spec.headers };
  if (spec.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
    headers['content-length'] = String(Buffer.byteLength(spec.body));
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(url, { method: spec.method ?? 'POST', headers, agent: false }, (response) => {
      answered = true;
      const pieces: Buffer[] = [];
      response.on('data', (piece: Buffer) => pieces.push(piece));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text: Buffer.concat(pieces).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    void (async () => {
      if (spec.chunks !== undefined) {
        for (const chunk of spec.chunks) {
          if (request.destroyed || answered) break;
          if (!request.write(chunk)) {
            await new Promise((resume) => {
              request.once('drain', resume);
              request.once('close', resume);
            });
          }
        }
      } else if (spec.body !== undefined) {
        request.write(spec.body);
      }
      request.end();
    })();
  });
}
