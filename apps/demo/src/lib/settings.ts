import type { StreamHandle } from '@tokenflow/streaming';
import { EXAMPLE_PROMPTS } from './example-prompts.js';

/** What the form holds. Numbers stay strings while edited, so a half-typed value is not rewritten. */
export interface DemoSettings {
  prompt: string;
  /** A model id of the catalog; empty for the route's default. */
  model: string;
  temperature: number;
  maxOutputTokens: string;
  /** The sampling seed; empty for none (a simulated answer above temperature 0 then differs at each Start). */
  seed: string;
  /** Tokens kept per stream; empty for unbounded. */
  bufferSize: string;
  compare: boolean;
  /** Ask for the route's `recipe` structured output: the answer is JSON, which the panel shows as a recipe card. */
  recipe: boolean;
  showBoundaries: boolean;
  fault: boolean;
  /** The dev view: each part of a panel shows how many times it rendered. */
  showRenderCounts: boolean;
}

/** The structured outputs the page knows how to show (the route's `outputs`, see api/_lib/demo-features.ts). */
export type StructuredOutput = 'recipe';

/** One stream on the page: started by the form, rendered by a panel through its handle. */
export interface Run {
  handle: StreamHandle;
  label: string;
  /** Started elsewhere (another tab, its handle in this page's URL): this page attaches to it. */
  attached?: boolean;
  /** The structured output it asked for: its text is JSON, which the panel shows as that output's card. */
  output?: StructuredOutput;
}

/** Compare mode asks the same question at these temperatures, side by side. */
export const COMPARE_TEMPERATURES = [0, 0.7, 1.4] as const;

/** The route's ceiling for `maxOutputTokens` (see api/stream.ts). */
export const MAX_OUTPUT_TOKENS = 4_096;

export const DEFAULT_SETTINGS: DemoSettings = {
  prompt: EXAMPLE_PROMPTS.streaming,
  model: '',
  temperature: 0.7,
  maxOutputTokens: '1024',
  seed: '',
  bufferSize: '',
  compare: false,
  recipe: false,
  showBoundaries: false,
  fault: false,
  showRenderCounts: false,
};

/** The seed a request gets: the number typed, or none when the field is empty. */
export function parseSeed(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value);
}

/** The buffer size the provider gets: a non-negative integer, else unbounded. */
export function parseBufferSize(value: string): number {
  const size = Number(value);
  return value.trim() !== '' && Number.isSafeInteger(size) && size >= 0 ? size : Number.POSITIVE_INFINITY;
}

/** The output a URL or storage names, if the page knows how to show it. */
export function parseOutput(value: string | null | undefined): StructuredOutput | undefined {
  return value === 'recipe' ? value : undefined;
}

/**
 * The stream a page opened with `?stream=<handle>` watches (attached: another tab started it), shown as the output
 * `&output=` names, as in the tab that started it.
 */
export function runsFromUrl(): Run[] {
  const query = new URLSearchParams(globalThis.location?.search);
  const handle = query.get('stream');
  const output = parseOutput(query.get('output'));
  return handle ? [{ handle, label: 'From another tab', attached: true, ...(output && { output }) }] : [];
}

/** The address that opens a run in another tab: its handle, and the output its panel shows. */
export function runUrl(run: Run): string {
  const query = new URLSearchParams({ stream: run.handle, ...(run.output && { output: run.output }) });
  return `?${query}`;
}
