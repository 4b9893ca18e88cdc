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
 * The tokens a stream keeps: the last `capacity` of them (all of them when capacity is Infinity, none when 0).
 *
 * Why chunks: a token is appended in O(1), and a snapshot must stay valid while the stream goes on, without
 * copying every kept token each frame. Tokens live in fixed-size chunks; a chunk is only ever appended to, and a
 * full chunk never changes again. A snapshot keeps references to the chunks plus the index range it covers,
 * so taking one costs O(chunks) for a bounded buffer and O(1) for an unbounded one.
 */
export class TokenBuffer {
  readonly capacity: number;
  private readonly bounded: boolean;
  private readonly chunkSize: number;
  /** Chunks in stream order; only the last one is still being filled. */
  private chunks: Token[][] = [];
  /** Bounded buffers only: joined text of each chunk, parallel to `chunks` (the last grows with its chunk). */
  private chunkTexts: string[] = [];
  /** Index of the first token of `chunks[0]`. */
  private firstChunkStart = 0;
  /** Index of the oldest kept token. */
  private firstKept = 0;
  /** Bounded buffers only: characters of the dropped tokens still in `chunks[0]`. */
  private droppedChars = 0;
  /** Tokens seen so far. */
  private seen = 0;
  /** Unbounded buffers only: the whole text, appended to (V8 makes `+=` on long strings O(1) with ropes). */
  private fullText = '';

  constructor(capacity: number) {
    this.capacity = capacity;
    this.bounded = capacity !== Number.POSITIVE_INFINITY;
    this.chunkSize = Math.max(1, Math.min(MAX_CHUNK_SIZE, capacity));
  }

  /** Tokens seen so far, kept or not. */
  get count(): number {
    return this.seen;
  }

  push(token: Token): void {
    this.seen++;
    if (this.capacity === 0) {
      this.firstKept = this.seen;
      return;
    }
    const tail = this.chunks[this.chunks.length - 1];
    const startsChunk = tail === undefined || tail.length === this.chunkSize;
    if (startsChunk) this.chunks.push([token]);
    else tail.push(token);
    if (!this.bounded) {
      this.fullText += token.text;
      return;
    }
    if (startsChunk) this.chunkTexts.push(token.text);
    else this.chunkTexts[this.chunkTexts.length - 1] += token.text;
    if (this.seen - this.firstKept > this.capacity) this.dropOldest();
  }

  private dropOldest(): void {
    this.droppedChars += this.chunks[0]?.[this.firstKept - this.firstChunkStart]?.text.length ?? 0;
    this.firstKept++;
    if (this.firstKept - this.firstChunkStart === this.chunkSize) {
      // The first chunk holds no kept token any more; the chunk count is bounded by capacity / chunkSize + 2,
      // so this shift is cheap, and it happens once per chunkSize tokens.
      this.chunks.shift();
      this.chunkTexts.shift();
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
      text += (this.chunks[Math.floor(offset / this.chunkSize)] as Token[])[offset % this.chunkSize]?.text;
    }
    return text;
  }

  snapshot(): TokenSnapshot {
    const keptCount = this.seen - this.firstKept;
    if (keptCount === 0) return EMPTY_SNAPSHOT;
    const bounded = this.bounded;
    // An unbounded buffer never shifts its chunk list, so sharing it is safe: `end` bounds what a snapshot reads.
    const chunks = bounded ? this.chunks.slice() : this.chunks;
    const from = this.firstKept;
    const to = this.seen;
    const chunkStart = this.firstChunkStart;
    const chunkSize = this.chunkSize;
    return {
      text: bounded ? this.boundedText() : this.fullText,
      keptCount,
      materialize: () => collect(chunks, chunkStart, chunkSize, from, to),
    };
  }

  /**
   * Text of the kept tokens: the kept end of the first chunk's text, then the other chunks' texts. O(chunks):
   * slicing a string that V8 has flattened once makes a view of it, not a copy.
   */
  private boundedText(): string {
    let text = (this.chunkTexts[0] ?? '').slice(this.droppedChars);
    for (let c = 1; c < this.chunkTexts.length; c++) text += this.chunkTexts[c];
    return text;
  }
}

function collect(chunks: Token[][], chunkStart: number, chunkSize: number, from: number, to: number): Token[] {
  const out = new Array<Token>(to - from);
  for (let index = from; index < to; index++) {
    const offset = index - chunkStart;
    const token = chunks[Math.floor(offset / chunkSize)]?.[offset % chunkSize];
    if (token !== undefined) out[index - from] = token;
  }
  return out;
}

const EMPTY_SNAPSHOT: TokenSnapshot = { text: '', keptCount: 0, materialize: () => [] };
