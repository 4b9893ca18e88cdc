import { createStreamHandler } from '@tokenflow/streaming/server';
import { demoOutputs, demoTools } from './_lib/demo-features.js';
import { optionalNumberSetting, readEnv } from './_lib/env.js';
import { liveModels } from './_lib/live-models.js';
import { demoStreamLog } from './_lib/stream-log.js';

/** Vercel: run this route on the edge runtime (it uses only Web APIs). */
export const config = { runtime: 'edge' };

const { models, catalog } = liveModels();
// How long a stream nobody reads goes on (STREAM_ABANDON_AFTER_MS; unset: the library's default, 5 minutes). Tests
// set a short one to watch a stream left by a closed tab being abandoned.
const abandonAfterMs = optionalNumberSetting(readEnv(), 'STREAM_ABANDON_AFTER_MS', 1, 3_600_000);
// REDIS_URL set: streams live in Redis (several server processes share them); else in this handler's memory.
const log = await demoStreamLog(readEnv());

/**
 * `POST /api/stream`: streams the answer of an allow-listed model (OpenAI with a key, else the embedded
 * simulated one) as the AI SDK's UI message stream, with usage, model and finish reason in the finish chunk: its
 * reasoning, its calls of the `weather` tool (run here, two model calls at most: the call, then the answer), and
 * with `output: 'recipe'` a recipe as JSON.
 * Each stream is kept in the handler's memory log, or in Redis when `REDIS_URL` is set; `api/stream/[id].ts`
 * serves this same handler at `/api/stream/<id>` to resume a stream (GET) or stop it (DELETE).
 */
export default createStreamHandler({
  models,
  defaultModel: catalog.defaultModel,
  limits: { maxOutputTokens: 4_096 },
  tools: demoTools(readEnv()),
  // A weather question needs two calls: the tool call, then the answer from its output.
  maxSteps: 2,
  outputs: demoOutputs,
  ...(abandonAfterMs !== undefined && { abandonAfterMs }),
  ...(log !== undefined && { log }),
  onError: (error, { phase }) => {
    // The client gets a safe summary; the real cause is for whoever runs the server.
    console.error(`[api/stream] ${phase}: ${error instanceof Error ? error.message : String(error)}`);
  },
});
