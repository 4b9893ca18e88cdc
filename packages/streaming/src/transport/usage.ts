import type { StreamUsage } from '../core/types.js';

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/**
 * Reads token usage in the shapes the AI SDK has used: v5+ (`inputTokenDetails.cacheReadTokens`,
 * `outputTokenDetails.reasoningTokens`) and the flat older one (`reasoningTokens`, `cachedInputTokens`).
 * Returns undefined when nothing usable is there.
 */
export function normalizeUsage(raw: unknown): StreamUsage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const usage: StreamUsage = {};
  const entries: [keyof StreamUsage, number | undefined][] = [
    ['inputTokens', count(field(raw, 'inputTokens'))],
    ['outputTokens', count(field(raw, 'outputTokens'))],
    ['totalTokens', count(field(raw, 'totalTokens'))],
    [
      'reasoningTokens',
      count(field(field(raw, 'outputTokenDetails'), 'reasoningTokens')) ?? count(field(raw, 'reasoningTokens')),
    ],
    [
      'cachedInputTokens',
      count(field(field(raw, 'inputTokenDetails'), 'cacheReadTokens')) ?? count(field(raw, 'cachedInputTokens')),
    ],
  ];
  for (const [key, value] of entries) if (value !== undefined) usage[key] = value;
  if (usage.totalTokens === undefined && usage.inputTokens !== undefined && usage.outputTokens !== undefined) {
    usage.totalTokens = usage.inputTokens + usage.outputTokens;
  }
  return Object.keys(usage).length > 0 ? usage : undefined;
}
