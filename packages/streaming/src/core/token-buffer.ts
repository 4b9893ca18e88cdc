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
export class TokenBuffer {
  readonly capacity: number;
  private readonly bounded: boolean;
  private readonly chunkSize: number;
  /** Chunks in stream order; only the last one may still be filling. */
  private chunks: Chunk[] = [];
  /** Index of the first token of `chunks[0]`; always a multiple of `chunkSize`. */
  private firstChunkStart = 0;
  /** Index of the oldest kept token. */
  private firstKept = 0;
  /** Bounded buffers only: characters of the dropped tokens still in `chunks[0]`. */
  private droppedChars = 0;
  /** Tokens seen so far. */
  private seen = 0;
  /** The text of the last chunk's first `lastChunkTextCount` tokens, as far as a snapshot has needed it. */
  private lastChunkText = '';
  private lastChunkTextCount = 0;
  /**
   * Unbounded buffers only: the text of the first `chunksInFullText` chunks, one flat string appended per chunk.
   * Appending per token would keep one small string per token alive for the whole stream.
   */
  private fullText = '';
  private chunksInFullText = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.bounded = capacity !== Number.POSITIVE_INFINITY;
    this.chunkSize = Math.max(1, Math.min(MAX_CHUNK_SIZE, capacity));
  }

  /** Tokens seen so far, kept or not. */
  get count(): number {
    return this.seen;
  }

  /** Appends the next token (its index is `count`); `at` is its arrival time. */
  push(text: string, at: number): void {
    const index = this.seen++;
    if (this.capacity === 0) {
      this.firstKept = this.seen;
      return;
    }
    const slot = index % this.chunkSize;
    if (slot === 0) {
      this.chunks.push({ texts: new Array(this.chunkSize), times: new Array(this.chunkSize), text: undefined });
      this.lastChunkText = '';
      this.lastChunkTextCount = 0;
    }
    const last = this.chunks[this.chunks.length - 1] as Chunk;
    last.texts[slot] = text;
    last.times[slot] = at;
    if (this.bounded && this.seen - this.firstKept > this.capacity) this.dropOldest();
  }

  /**
   * No token will come any more: the last chunk gives back its unfilled slots, so that an ended short stream (a
   * kept answer, a remembered result) holds its tokens, not a whole chunk. Snapshots read only filled slots.
   */
  trim(): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last === undefined) return;
    last.texts.length = this.filledInLastChunk();
    last.times.length = last.texts.length;
  }

  private dropOldest(): void {
    this.droppedChars += this.chunks[0]?.texts[this.firstKept - this.firstChunkStart]?.length ?? 0;
    this.firstKept++;
    if (this.firstKept - this.firstChunkStart === this.chunkSize) {
      // The first chunk holds no kept token any more; the chunk count is bounded by capacity / chunkSize + 2,
      // so this shift is cheap, and it happens once per chunkSize tokens.
      this.chunks.shift();
      this.firstChunkStart += this.chunkSize;
      this.droppedChars = 0;
    }
  }

  /**
   * The text of the tokens from index `from` on, in O(those tokens): what a renderer that appends needs at each
   * update. Undefined when some of them are no longer kept (a bounded buffer dropped them).
   */
  textSince(from: number): string | undefined {
    if (from < this.firstKept || from > this.seen) return undefined;
    let text = '';
    for (let index = from; index < this.seen; index++) {
      const offset = index - this.firstChunkStart;
      text += this.chunks[Math.floor(offset / this.chunkSize)]?.texts[offset % this.chunkSize];
    }
    return text;
  }

  snapshot(): TokenSnapshot {
    const keptCount = this.seen - this.firstKept;
    if (keptCount === 0) return EMPTY_SNAPSHOT;
    const bounded = this.bounded;
    // An unbounded buffer never shifts its chunk list, so sharing it is safe: `to` bounds what a snapshot reads,
    // and the slots below it never change.
    const chunks = bounded ? this.chunks.slice() : this.chunks;
    const from = this.firstKept;
    const to = this.seen;
    const chunkStart = this.firstChunkStart;
    const chunkSize = this.chunkSize;
    return {
      text: bounded ? this.boundedText() : this.unboundedText(),
      keptCount,
      materialize: () => collect(chunks, chunkStart, chunkSize, from, to),
    };
  }

  /** Appends the chunks filled since the previous snapshot, each joined once; then the text of the filling one. */
  private unboundedText(): string {
    const fullChunks = Math.floor(this.seen / this.chunkSize);
    for (; this.chunksInFullText < fullChunks; this.chunksInFullText++)
      this.fullText += (this.chunks[this.chunksInFullText] as Chunk).texts.join('');
    return fullChunks === this.chunks.length ? this.fullText : this.fullText + this.textOfLastChunk();
  }

  /**
   * Text of the kept tokens: the kept end of the first chunk's text, then the other chunks' texts. O(chunks) plus
   * the new tokens: a chunk with dropped tokens is full, and slicing its flat text makes a view of it, not a copy.
   */
  private boundedText(): string {
    let text = this.textOfChunk(0).slice(this.droppedChars);
    for (let c = 1; c < this.chunks.length; c++) text += this.textOfChunk(c);
    return text;
  }

  private textOfChunk(c: number): string {
    const chunk = this.chunks[c] as Chunk;
    const filling = c === this.chunks.length - 1 && this.filledInLastChunk() < this.chunkSize;
    if (filling) return this.textOfLastChunk();
    chunk.text ??= chunk.texts.join('');
    return chunk.text;
  }

  /** The last chunk's text so far, extended by the tokens appended since the previous call: O(those tokens). */
  private textOfLastChunk(): string {
    const last = this.chunks[this.chunks.length - 1] as Chunk;
    const filled = this.filledInLastChunk();
    for (; this.lastChunkTextCount < filled; this.lastChunkTextCount++)
      this.lastChunkText += last.texts[this.lastChunkTextCount];
    return this.lastChunkText;
  }

  private filledInLastChunk(): number {
    return this.seen - this.firstChunkStart - (this.chunks.length - 1) * this.chunkSize;
  }
}

/** The Token objects of indexes [from, to), made on demand from the chunks' columns. */
function collect(chunks: Chunk[], chunkStart: number, chunkSize: number, from: number, to: number): Token[] {
  const out = new Array<Token>(to - from);
  for (let index = from; index < to; index++) {
    const offset = index - chunkStart;
    const chunk = chunks[Math.floor(offset / chunkSize)] as Chunk;
    const slot = offset % chunkSize;
    out[index - from] = { index, text: chunk.texts[slot] as string, at: chunk.times[slot] as number };
  }
  return out;
}

const EMPTY_SNAPSHOT: TokenSnapshot = { text: '', keptCount: 0, materialize: () => [] };
