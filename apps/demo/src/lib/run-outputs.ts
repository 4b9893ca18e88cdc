import type { StreamHandle } from '@tokenflow/streaming';
import { parseOutput, type StructuredOutput } from './settings.js';

/**
 * Which structured output each stream of this tab asked for, kept in `sessionStorage` beside the handles the
 * library keeps for `resumeOnReload`: a recipe stream that comes back after a reload is shown as a recipe again,
 * not as its raw JSON text.
 */
const key = (handle: StreamHandle) => `tokenflow-demo:output:${handle}`;

/** Remembers the output a stream asked for (storage may be unavailable: the stream then comes back as text). */
export function rememberOutput(handle: StreamHandle, output: StructuredOutput): void {
  try {
    globalThis.sessionStorage?.setItem(key(handle), output);
  } catch {
    // Private mode or a full storage: nothing to keep.
  }
}

/** The output a stream of this tab asked for, if it asked for one. */
export function rememberedOutput(handle: StreamHandle): StructuredOutput | undefined {
  try {
    return parseOutput(globalThis.sessionStorage?.getItem(key(handle)));
  } catch {
    return undefined;
  }
}
