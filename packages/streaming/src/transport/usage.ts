import type { StreamUsage } from '../core/types.js';

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/**
 * Each usage field, by its flat name (the older AI SDK shape, and ours), with where v5+ nests it instead; the
 * nested place wins when both are there.
 */
const FIELDS: [keyof StreamUsage, string?, string?][] = [
  ['inputTokens'],
  ['outputTokens'],
  ['totalTokens'],
  ['reasoningTokens', 'outputTokenDetails', 'reasoningTokens'],
  ['cachedInputTokens', 'inputTokenDetails', 'cacheReadTokens'],
];

/**
 * Reads token usage in the shapes the AI SDK has used: v5+ (`inputTokenDetails.cacheReadTokens`,
 * `outputTokenDetails.reasoningTokens`) and the flat older one (`reasoningTokens`, `cachedInputTokens`).
 * Returns undefined when nothing usable is there.
 *
 * @example
 * ```ts
 * normalizeUsage({ inputTokens: 12, outputTokens: 30 }); // { inputTokens: 12, outputTokens: 30, totalTokens: 42 }
 * ```
 */
export function normalizeUsage(raw: unknown): StreamUsage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  // biome-ignore lint/suspicious/noExplicitAny: any shape may arrive; `count` accepts only real counts from it.
  const fields = raw as Record<string, any>;
  const usage: StreamUsage = {};
  for (const [key, details, nested] of FIELDS) {
    const value = count(details && fields[details]?.[nested as string]) ?? count(fields[key]);
    if (value !== undefined) usage[key] = value;
  }
  const { inputTokens, outputTokens } = usage;
  if (usage.totalTokens === undefined && inputTokens !== undefined && outputTokens !== undefined) {
    usage.totalTokens = inputTokens + outputTokens;
  }
  return Object.keys(usage).length > 0 ? usage : undefined;
}
