import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai';
import { FEATURES, type FeatureInfo } from './demo-features.js';
import { type Env, numberSetting, readEnv } from './env.js';
import { createSimulatedModel } from './simulated-model.js';

/** One model the page may pick. */
export interface ModelInfo {
  id: string;
  label: string;
  description: string;
}

/**
 * What `GET /api/models` answers: which backend is live, the models the page may pick, the default, and the model
 * the page's fault switch selects.
 *
 * @example
 * ```ts
 * const catalog: ModelCatalog = await (await fetch('/api/models')).json();
 * ```
 */
export interface ModelCatalog {
  live: 'simulated' | 'openai';
  /** With OpenAI: which API the models are called through. */
  api?: 'responses' | 'chat';
  models: ModelInfo[];
  defaultModel: string;
  faultModel: string;
  /** The server-side tools the route runs when a model calls them. */
  tools: FeatureInfo[];
  /** The structured outputs a client may ask for with the request's `output` field. */
  outputs: FeatureInfo[];
}

/** The models the stream route offers (its allow-list) and their description for the page. */
export interface LiveModels {
  models: Record<string, LanguageModel>;
  catalog: ModelCatalog;
}

const FAULT_MODEL = 'tokenflow-sim-faulty';

function simulatedPace(env: Env) {
  return {
    tokensPerSecond: numberSetting(env, 'SIM_TOKENS_PER_SECOND', 40, 0.1, 10_000),
    firstTokenMs: numberSetting(env, 'SIM_FIRST_TOKEN_MS', 300, 0, 60_000),
    jitter: numberSetting(env, 'SIM_JITTER', 0.5, 0, 1),
  };
}

/** The faulty simulated model, offered in every mode so the page's fault switch always works. */
function faultyModel(env: Env): [ModelInfo, LanguageModel] {
  const failAfterTokens = numberSetting(env, 'SIM_FAIL_AFTER_TOKENS', 40, 0, 100_000);
  return [
    {
      id: FAULT_MODEL,
      label: 'Simulated, faulty',
      description: `The embedded model, failing mid-stream after ${failAfterTokens} tokens`,
    },
    createSimulatedModel({ modelId: FAULT_MODEL, ...simulatedPace(env), failAfterTokens }),
  ];
}

function simulatedModels(env: Env): [ModelInfo, LanguageModel][] {
  const pace = simulatedPace(env);
  const fast = { ...pace, tokensPerSecond: pace.tokensPerSecond * 4, firstTokenMs: pace.firstTokenMs / 3 };
  return [
    [
      {
        id: 'tokenflow-sim',
        label: 'Simulated',
        description: `The embedded model at about ${pace.tokensPerSecond} tokens/s`,
      },
      createSimulatedModel({ modelId: 'tokenflow-sim', ...pace }),
    ],
    [
      {
        id: 'tokenflow-sim-fast',
        label: 'Simulated, fast',
        description: `The embedded model at about ${fast.tokensPerSecond} tokens/s`,
      },
      createSimulatedModel({ modelId: 'tokenflow-sim-fast', ...fast }),
    ],
    [
      {
        id: 'tokenflow-sim-reasoning',
        label: 'Simulated, reasoning',
        description: 'The embedded model, thinking out loud before every answer (the others think when asked to)',
      },
      createSimulatedModel({ modelId: 'tokenflow-sim-reasoning', ...pace, thinking: 'always' }),
    ],
  ];
}

function openAIModels(env: Env, apiKey: string, api: 'responses' | 'chat'): [ModelInfo, LanguageModel][] {
  // Without OPENAI_BASE_URL the provider uses OpenAI's; with it, any compatible server (Ollama, vLLM, LM Studio).
  const openai = createOpenAI({ apiKey, ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}) });
  const ids = (env.OPENAI_MODELS ?? 'gpt-4o-mini,gpt-4.1-mini')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const apiName = api === 'chat' ? 'Chat Completions' : 'Responses';
  return ids.map((id) => [
    { id, label: id, description: `${id} through the OpenAI ${apiName} API` },
    api === 'chat' ? openai.chat(id) : openai.responses(id),
  ]);
}

/**
 * The live models: OpenAI's when `OPENAI_API_KEY` is set (`OPENAI_API=chat` picks Chat Completions over the
 * Responses API, `OPENAI_MODELS` the ids), else the embedded simulated model. The faulty simulated model is
 * always offered, for the fault switch.
 */
export function liveModels(env: Env = readEnv()): LiveModels {
  const apiKey = env.OPENAI_API_KEY?.trim();
  const api = env.OPENAI_API?.trim().toLowerCase() === 'chat' ? 'chat' : 'responses';
  const offered = apiKey ? openAIModels(env, apiKey, api) : simulatedModels(env);
  const [first] = offered;
  if (first === undefined) throw new Error('OPENAI_MODELS names no model.');
  const fault = faultyModel(env);
  return {
    models: Object.fromEntries([...offered, fault].map(([info, model]) => [info.id, model])),
    catalog: {
      live: apiKey ? 'openai' : 'simulated',
      ...(apiKey ? { api } : {}),
      models: offered.map(([info]) => info),
      defaultModel: first[0].id,
      faultModel: fault[0].id,
      ...FEATURES,
    },
  };
}
