/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A 32-bit FNV-1a hash of the given parts. Used to turn a prompt and sampling settings into a seed, so the same
 * request gives the same answer (as a model with a fixed seed does) and any change gives another one.
 */
export function hashSeed(...parts: readonly (string | number | undefined)[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = `${part ?? ''}\u0000`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash >>> 0;
}

/** A small, fast seeded generator (mulberry32): plenty for choosing sentences and pacing, not for secrets. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
