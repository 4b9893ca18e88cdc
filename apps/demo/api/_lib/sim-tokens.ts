import { hashSeed, type Random, seededRandom } from './random.js';

/**
 * Pieces the way BPE vocabularies tend to: a run of newlines, a word with its leading space, up to three digits,
 * one punctuation mark (with its leading space, if any), or other whitespace.
 */
const PIECE = /\n+|[ ]?[A-Za-z]+|[ ]?\d{1,3}|[ ]?[^\sA-Za-z\d]|\s+/g;

/** Endings that vocabularies often keep as tokens of their own. */
const SUFFIXES = ['ization', 'ations', 'ation', 'ments', 'ment', 'ness', 'ing', 'able', 'ible', 'ally', 'ized', 'ers'];

/** Splits a long word into a stem and an ending, or into chunks, some of the time (common words stay whole). */
function splitWord(piece: string, random: Random): string[] {
  const word = piece.trimStart();
  if (word.length < 8 || !/^[A-Za-z]+$/.test(word) || random() < 0.45) return [piece];
  const space = piece.slice(0, piece.length - word.length);
  const suffix = SUFFIXES.find((ending) => word.endsWith(ending) && word.length - ending.length >= 4);
  if (suffix !== undefined) return [space + word.slice(0, -suffix.length), suffix];
  const cut = 3 + Math.floor(random() * 3);
  return [space + word.slice(0, cut), ...splitWord(word.slice(cut), random)];
}

/**
 * Cuts text into word-ish tokens like a real model's: mostly whole words with their leading space, punctuation
 * on its own, and sometimes fragments of longer words. Joining the tokens gives the text back exactly.
 */
export function toTokens(text: string): string[] {
  const random = seededRandom(hashSeed('tokens', text));
  const tokens: string[] = [];
  for (const [piece] of text.matchAll(PIECE)) tokens.push(...splitWord(piece, random));
  return tokens;
}
