import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai';
import { simulatedModel } from './simulated-model';

/**
 * The models the routes offer: OpenAI's with `OPENAI_API_KEY` (and `OPENAI_BASE_URL` for any compatible server;
 * `OPENAI_API=chat` for Chat Completions instead of the Responses API), else an embedded simulated model, so the
 * app runs with no set-up.
 */
export function streamModels(): { models: Record<string, LanguageModel>; defaultModel: string } {
  const apiKey = process.env.OPENAI_API_KEY?.trim();
  if (!apiKey) return { models: { 'simulated-model': simulatedModel() }, defaultModel: 'simulated-model' };
  const baseURL = process.env.OPENAI_BASE_URL?.trim();
  const openai = createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) });
  const id = process.env.OPENAI_MODEL?.trim() || 'gpt-4o-mini';
  return { models: { [id]: process.env.OPENAI_API === 'chat' ? openai.chat(id) : openai(id) }, defaultModel: id };
}
