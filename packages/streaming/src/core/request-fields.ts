import type { StreamRequest } from './types.js';

/**
 * The model parameters of a request, the one list of them: the client checks them (`validate.ts`), the route reads
 * them (its schema is held to {@link StreamRequest} by the compiler), and both hand them to `streamText` as they are.
 */
export const MODEL_SETTING_FIELDS = [
  'temperature',
  'maxOutputTokens',
  'topP',
  'stopSequences',
  'seed',
] as const satisfies readonly (keyof StreamRequest)[];

type ModelSettingField = (typeof MODEL_SETTING_FIELDS)[number];

/** The model parameters as `streamText` takes them (its arrays are mutable). */
export interface ModelSettings {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  stopSequences?: string[];
  seed?: number;
}

/** The request fields that only the HTTP transport reads: they travel as headers and top-level extras. */
export type TransportOnlyField = 'headers' | 'body';

/** Copies the model parameters that `request` sets (absent or undefined ones stay out), arrays included. */
export function pickModelSettings(
  request: {
    readonly [Field in ModelSettingField]?: StreamRequest[Field] | undefined;
  },
): ModelSettings {
  const settings: Record<string, unknown> = {};
  for (const field of MODEL_SETTING_FIELDS) {
    const value = request[field];
    if (value !== undefined) settings[field] = Array.isArray(value) ? [...value] : value;
  }
  return settings as ModelSettings;
}
