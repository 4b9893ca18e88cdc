import type { Token } from './types.js';

/** The largest chunk; bounded buffers use smaller ones so that memory stays within twice their capacity. */
const MAX_CHUNK_SIZE = 256;

/** What a buffer looked like at one moment. Stays correct however the buffer changes afterwards. */
export interface TokenSnapshot {
  readonly text: string;
  readonly keptCount: number;
  /** Builds the array of kept tokens: O(kept tokens), so call it only when someone reads `tokens`. */
  readonly materialize: () => Token[];
}

/**
 * `chunkSize` consecutive tokens, kept as columns rather than as one object per token: a million kept tokens are
 * then a few thousand arrays, not a million objects that the garbage collector traces and moves again and again
 * (with an object and a string per kept token, a token cost twice as much at 1M tokens as at 1k). Token objects
 * are made only when someone reads `tokens`.
 */
interface Chunk {
  /** Allocated at full size, so that filling it never reallocates; the slots not filled yet are holes. */
  readonly texts: string[];
  /** Arrival times (`Token.at`), same layout: V8 keeps an array of numbers unboxed. */
  readonly times: number[];
  /** Bounded buffers only: the texts joined, once the chunk is full and a snapshot first needs it. */
  text: string | undefined;
}

/**
 * The tokens a stream keeps: the last `capacity` of them (all of them when capacity is Infinity, none when 0).
 *
 * Why chunks: a token is appended in O(1), and a snapshot must stay valid while the stream goes on, without
 * copying every kept token each frame. Tokens live in fixed-size chunks; a chunk is only ever appended to, and a
 * full chunk never changes again. A snapshot keeps references to the chunks plus the index range it covers.
 *
 * Appending does no string work (joining texts costs about 13 ns a token, a sixth of a whole append): the text
 * is joined when a snapshot is taken, i.e. once per published view, from what was appended since the previous
 * snapshot. A snapshot costs O(new tokens) for an unbounded buffer, O(new tokens + chunks) for a bounded one; a
 * 1M-token stream first read at its end pays all its joins then (about 20 ms).
 */
export interface TokenBuffer {
  /** Tokens seen so far, kept or not. */
  count(): number;
  /**
   * Chunks in stream order; only the last one may still be filling. Read-only outside the buffer: exposed so that
   * tests can check how many slots the buffer holds (bounded memory, `trim`).
   */
  readonly chunks: readonly Chunk[];
  /** Appends the next token and returns its index (`count()` before it); `at` is its arrival time. */
  push(text: string, at: number): number;
  /**
   * No token will come any more: the last chunk gives back its unfilled slots, so that an ended short stream (a
   * kept answer, a remembered result) holds its tokens, not a whole chunk. Snapshots read only filled slots.
   */
  trim(): void;
  /**
   * The text of the tokens from index `from` on, in O(those tokens): what a renderer that appends needs at each
   * update. Undefined when some of them are no longer kept (a bounded buffer dropped them).
   */
  textSince(from: number): string | undefined;
  snapshot(): TokenSnapshot;
}

/**
 * Creates a buffer keeping the last `capacity` tokens. A closure rather than a class: its state is local variables,
 * which the minifier shortens, where a class's field names would ship as they are at every use.
 */
export function createTokenBuffer(capacity: number): TokenBuffer {
  const bounded = capacity !== Number.POSITIVE_INFINITY;
  const chunkSize = Math.max(1, Math.min(MAX_CHUNK_SIZE, capacity));
  const chunks: Chunk[] = [];
  /** Index of the first token of `chunks[0]`; always a multiple of `chunkSize`. */
  let firstChunkStart = 0;
  /** Index of the oldest kept token. */
  let firstKept = 0;
  /** Bounded buffers only: characters of the dropped tokens still in `chunks[0]`. */
  let droppedChars = 0;
  /** Tokens seen so far. */
  let seen = 0;
  /** The text of the last chunk's first `lastChunkTextCount` tokens, as far as a snapshot has needed it. */
  let lastChunkText = '';
  let lastChunkTextCount = 0;
  /**
   * Unbounded buffers only: the text of the first `chunksInFullText` chunks, one flat string appended per chunk.
   * Appending per token would keep one small string per token alive for the whole stream.
   */
  let fullText = '';
  let chunksInFullText = 0;

  const filledInLastChunk = (): number => seen - firstChunkStart - (chunks.length - 1) * chunkSize;

  /** The last chunk's text so far, extended by the tokens appended since the previous call: O(those tokens). */
  const textOfLastChunk = (): string => {
    const last = chunks[chunks.length - 1] as Chunk;
    const filled = filledInLastChunk();
    for (; lastChunkTextCount < filled; lastChunkTextCount++) lastChunkText += last.texts[lastChunkTextCount];
    return lastChunkText;
  };

  const textOfChunk = (c: number): string => {
    const chunk = chunks[c] as Chunk;
    const filling = c === chunks.length - 1 && filledInLastChunk() < chunkSize;
    if (filling) return textOfLastChunk();
    chunk.text ??= chunk.texts.join('');
    return chunk.text;
  };

  /** Appends the chunks filled since the previous snapshot, each joined once; then the text of the filling one. */
  const unboundedText = (): string => {
    const fullChunks = Math.floor(seen / chunkSize);
    for (; chunksInFullText < fullChunks; chunksInFullText++)
      fullText += (chunks[chunksInFullText] as Chunk).texts.join('');
    return fullChunks === chunks.length ? fullText : fullText + textOfLastChunk();
  };

  /**
   * Text of the kept tokens: the kept end of the first chunk's text, then the other chunks' texts. O(chunks) plus
   * the new tokens: a chunk with dropped tokens is full, and slicing its flat text makes a view of it, not a copy.
   */
  const boundedText = (): string => {
    let text = textOfChunk(0).slice(droppedChars);
    for (let c = 1; c < chunks.length; c++) text += textOfChunk(c);
    return text;
  };

  return {
    // Methods, not getters: a getter would give every buffer its own shape, and slow the calls made per token.
    count: () => seen,
    chunks,

    push(text, at) {
      const index = seen++;
      if (capacity === 0) {
        firstKept = seen;
        return index;
      }
      const slot = index % chunkSize;
      if (slot === 0) {
        chunks.push({ texts: new Array(chunkSize), times: new Array(chunkSize), text: undefined });
        lastChunkText = '';
        lastChunkTextCount = 0;
      }
      const last = chunks[chunks.length - 1] as Chunk;
      last.texts[slot] = text;
      last.times[slot] = at;
      // Over capacity: the oldest kept token is dropped. Written out here, not called: this runs for every token of a
      // bounded stream (a call measured 4-8% more per token in the core bench).
      if (bounded && seen - firstKept > capacity) {
        droppedChars += chunks[0]?.texts[firstKept - firstChunkStart]?.length ?? 0;
        firstKept++;
        if (firstKept - firstChunkStart === chunkSize) {
          // The first chunk holds no kept token any more; the chunk count is bounded by capacity / chunkSize + 2,
          // so this shift is cheap, and it happens once per chunkSize tokens.
          chunks.shift();
          firstChunkStart += chunkSize;
          droppedChars = 0;
        }
      }
      return index;
    },

    trim() {
      const last = chunks[chunks.length - 1];
      if (!last) return;
      last.texts.length = filledInLastChunk();
      last.times.length = last.texts.length;
    },

    textSince(from) {
      if (from < firstKept || from > seen) return undefined;
      let text = '';
      for (let index = from; index < seen; index++) {
        const offset = index - firstChunkStart;
        text += chunks[Math.floor(offset / chunkSize)]?.texts[offset % chunkSize];
      }
      return text;
    },

    snapshot() {
      const keptCount = seen - firstKept;
      if (keptCount === 0) return EMPTY_SNAPSHOT;
      // An unbounded buffer never shifts its chunk list, so sharing it is safe: `to` bounds what a snapshot reads,
      // and the slots below it never change.
      const kept = bounded ? chunks.slice() : chunks;
      const from = firstKept;
      const to = seen;
      const chunkStart = firstChunkStart;
      return {
        text: bounded ? boundedText() : unboundedText(),
        keptCount,
        materialize: () => collect(kept, chunkStart, chunkSize, from, to),
      };
    },
  };
}

/** The Token objects of indexes [from, to), made on demand from the chunks' columns. */
function collect(chunks: Chunk[], chunkStart: number, chunkSize: number, from: number, to: number): Token[] {
  const out = new Array<Token>(to - from);
  for (let index = from; index < to; index++) {
    const offset = index - chunkStart;
    const chunk = chunks[Math.floor(offset / chunkSize)] as Chunk;
    const slot = offset % chunkSize;
    out[index - from] = { kind: 'text', index, text: chunk.texts[slot] as string, at: chunk.times[slot] as number };
  }
  return out;
}

const EMPTY_SNAPSHOT: TokenSnapshot = { text: '', keptCount: 0, materialize: () => [] };
