/**
 * The token server: HTTP/2 over TLS on 127.0.0.1 (Chromium opens only 6 HTTP/1.1 connections per origin, so 20
 * concurrent streams need HTTP/2, and browsers speak HTTP/2 only over TLS). It serves the built bench pages and
 * `POST /api/stream`, which answers the AI SDK UI message stream whatever the body (Tokenflow's `{ prompt }`,
 * useChat's `{ id, messages, trigger }`, useCompletion's `{ prompt }`): the scenario comes from the query string.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseScenario, reasoningOut, type StreamScenario, tokenText } from './scenario.js';

export interface TokenServer {
  origin: string;
  /** Epoch ms (sub-ms) at which the last token of `run/sid` was written, for the "last token → on screen" delay. */
  lastSent: Map<string, number>;
  /** Per `run/sid` (and `run/r{sid}` for its reasoning): epoch ms at which each token was written, by token index. */
  sentAt: Map<string, number[]>;
  close(): Promise<void>;
}

/** Wall-clock ms with sub-ms precision; Chromium's `performance.timeOrigin + performance.now()` is the same clock. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const sse = (chunk: unknown): string => `data: ${JSON.stringify(chunk)}\n\n`;

function selfSignedCert(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'tokenflow-bench-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=127.0.0.1',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startTokenServer(staticDir: string): Promise<TokenServer> {
  const lastSent = new Map<string, number>();
  const sentAt = new Map<string, number[]>();
  const server = http2.createSecureServer(selfSignedCert());
  // Streams that a closed page left behind must not keep writing.
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const url = new URL(String(headers[':path']), 'https://127.0.0.1');
    if (url.pathname === '/api/stream' && headers[':method'] === 'POST') {
      stream.resume(); // the body is not needed: drain it
      const sid = url.searchParams.get('sid') ?? String(headers['x-sid'] ?? '0');
      const run = url.searchParams.get('run');
      const scenario = parseScenario(url.searchParams);
      // The text's tokens under `run/sid`, the reasoning's (if any) under `run/r{sid}`.
      const recorder = (key: string, total: number) => {
        const times: number[] = [];
        sentAt.set(key, times);
        return (count: number, at: number) => {
          for (let i = 0; i < count; i++) times.push(at);
          if (count > 0 && times.length === total) lastSent.set(key, at);
        };
      };
      const onText = recorder(`${run}/${sid}`, scenario.tokens);
      const onReasoning = scenario.reasoning ? recorder(`${run}/${reasoningOut(sid)}`, scenario.reasoning) : () => {};
      answer(stream, scenario, onReasoning, onText);
      return;
    }
    const path = normalize(url.pathname === '/' ? '/index.html' : url.pathname);
    try {
      const body = readFileSync(join(staticDir, path));
      stream.respond({ ':status': 200, 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      stream.end(body);
    } catch {
      stream.respond({ ':status': 404 });
      stream.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    lastSent,
    sentAt,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Streams the scenario: its reasoning tokens first (if any), then its text. Each write is reported to `onReasoning`
 * or `onText` as `(count, at)`: `count` more tokens of that kind sent at epoch time `at`.
 */
function answer(
  stream: http2.ServerHttp2Stream,
  s: StreamScenario,
  onReasoning: (count: number, at: number) => void,
  onText: (count: number, at: number) => void,
): void {
  stream.respond({
    ':status': 200,
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-vercel-ai-ui-message-stream': 'v1',
  });
  const reasoning = s.reasoning ?? 0;
  const total = reasoning + s.tokens;
  // Token k of the whole stream: reasoning k, or text k − reasoning; each part's start and end chunks around them.
  const chunk = (k: number): string => {
    if (k < reasoning) {
      const delta = sse({ type: 'reasoning-delta', id: 'r', delta: tokenText(s.text, k) });
      return k === 0 ? sse({ type: 'reasoning-start', id: 'r' }) + delta : delta;
    }
    const i = k - reasoning;
    const delta = sse({ type: 'text-delta', id: 't', delta: tokenText(s.text, i) });
    if (i > 0) return delta;
    return (reasoning ? sse({ type: 'reasoning-end', id: 'r' }) : '') + sse({ type: 'text-start', id: 't' }) + delta;
  };
  const head = sse({ type: 'start' }) + sse({ type: 'start-step' });
  const tail =
    sse({ type: 'text-end', id: 't' }) +
    sse({ type: 'finish-step' }) +
    sse({
      type: 'finish',
      finishReason: 'stop',
      messageMetadata: { usage: { inputTokens: 1, outputTokens: total, totalTokens: total + 1 } },
    }) +
    'data: [DONE]\n\n';
  // Tokens `from` up to `to` (exclusive) of the whole stream, sent now: reported by kind.
  const report = (from: number, to: number, at: number) => {
    onReasoning(Math.max(0, Math.min(to, reasoning) - from), at);
    onText(Math.max(0, to - Math.max(from, reasoning)), at);
  };

  if (s.rate <= 0) {
    // A burst: the whole answer in one write, as a fast provider behind a buffering proxy would deliver it.
    let body = head;
    for (let k = 0; k < total; k++) body += chunk(k);
    report(0, total, epochNow());
    stream.end(body + tail);
    return;
  }
  // Paced: token k is due at start + k / rate; a late timer sends every token that is due, so the pace holds on
  // average even on a busy machine (the browser then sees a small burst, as it would from a real provider).
  const start = performance.now();
  const interval = 1000 / s.rate;
  let next = 0;
  stream.write(head);
  const tick = () => {
    if (stream.destroyed) return;
    let out = '';
    const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
    report(next, due, epochNow());
    while (next < due) out += chunk(next++);
    if (next === total) {
      stream.end(out + tail);
      return;
    }
    if (out) stream.write(out);
    setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
  };
  tick();
}
