/**
 * Deterministic token streams for the load tests: the fake provider derives a request's tokens from a seed carried
 * in its prompt, and the client derives the same tokens from the same seed, so it can check every stream token by
 * token (nothing lost, duplicated, reordered, or taken from another stream).
 */

import { seededRandom } from '../../apps/demo/api/_lib/random.js';

// The demo's simulated model draws from the same generator: one implementation, the same numbers on every machine.
export { seededRandom };

/** Syllables, some multi-byte (accents, CJK, emoji), so tokens exercise UTF-8 on the wire. */
const SYLLABLES = ['ka', 'lo', 'mi', 'tu', 're', 'sa', 'no', 'vi', 'é', 'ß', '流', '字', 'ñu', 'ø', '🙂', 'qe'];

/** The `count` tokens of stream `seed`: 16³ = 4,096 distinct words, so streams differ almost everywhere. */
export function seededTokens(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  const pick = () => SYLLABLES[Math.floor(random() * SYLLABLES.length)] as string;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push(`${i === 0 ? '' : ' '}${pick()}${pick()}${pick()}`);
  return tokens;
}

/** A running FNV-1a (32-bit) checksum over tokens and their boundaries, fed token by token as they arrive. */
export function runningChecksum(): { add(token: string): void; readonly count: number; readonly value: string } {
  let count = 0;
  let hash = 0x811c9dc5;
  const mix = (code: number) => {
    hash ^= code;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  };
  return {
    add(token) {
      count++;
      for (let i = 0; i < token.length; i++) mix(token.charCodeAt(i));
      mix(0x1f); // the boundary: ["ab", "c"] and ["a", "bc"] differ
    },
    get count() {
      return count;
    },
    get value() {
      return hash.toString(16).padStart(8, '0');
    },
  };
}

/** The checksum of a whole token list (what `runningChecksum` ends with after the same tokens). */
export function tokenChecksum(tokens: Iterable<string>): string {
  const checksum = runningChecksum();
  for (const token of tokens) checksum.add(token);
  return checksum.value;
}

/** The prompt that asks the fake provider for stream `seed` of `count` tokens. */
export const loadPrompt = (seed: number, count: number): string => `tokenflow-load seed=${seed} tokens=${count}`;

/** The seed and token count of a prompt made by `loadPrompt`, or undefined for any other text. */
export function parseLoadPrompt(text: string): { seed: number; count: number } | undefined {
  const match = /tokenflow-load seed=(\d+) tokens=(\d+)/.exec(text);
  return match ? { seed: Number(match[1]), count: Number(match[2]) } : undefined;
}
