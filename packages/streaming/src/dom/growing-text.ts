import { cutsCannotShow, insideCharacter, lastLineStart } from './line-cuts.js';

/**
 * Before a cut, the tail must hold this many characters: cutting costs one extra layout of the cut-off part, so
 * it should be rare, and a short tail is cheap to lay out anyway.
 */
const CUT_AFTER_CHARS = 160;

/**
 * Up to this length, `finish` joins the blocks at once: one layout of the whole text, a few milliseconds. Beyond,
 * that one layout is a long task (measured in Chromium: 176–208 ms for 60,000 mixed characters), so it waits until
 * somebody starts selecting text.
 */
const JOIN_AT_ONCE_CHARS = 16_384;

/**
 * A burst of text laid out at once is one long task (60,000 characters: 150–200 ms in Chromium). Text up to
 * APPEND_AT_ONCE_CHARS is appended in one update, a longer burst in steps of APPEND_STEP_CHARS, one per frame.
 * Measured: a 9k-character burst in one update made no long task and cost less than two steps (each step costs a
 * cut); 16k steps made tasks of about 80 ms, 8k steps none.
 */
const APPEND_AT_ONCE_CHARS = 16_384;
const APPEND_STEP_CHARS = 8_192;

/** Marks a block of complete lines, for tests and for styles that need to tell them apart. */
const BLOCK_ATTRIBUTE = 'data-tokenflow-lines';

/**
 * Text that grows by appending, at a cost per update that does not grow with the text.
 *
 * Why: a browser lays out a paragraph as one unit. Appending to a long text node, or replacing it, makes it shape
 * and break the whole text into lines again at every update: measured in Chromium, that is most of the cost of
 * rendering a fast stream. `GrowingText` moves the lines that are complete into blocks of their own and appends
 * only to the tail, which holds the last line or so. It cuts exactly where the browser wrapped a line, and lines
 * before a wrap never change when text is appended (greedy line breaking), so the page looks the same.
 *
 * `settle()` joins everything into one text node again, so that selection, copy and find see one paragraph; `finish()`
 * (when the stream ends) does it at once for a text of up to 16k characters, and for a longer one when a selection
 * starts. A change of the element's width settles too (the cuts would no longer match its lines).
 * Cuts are made only where they cannot show: not in inline elements, not in justified text, not with
 * `text-wrap: balance` or `pretty`.
 *
 * @example
 * ```ts
 * const text = new GrowingText(document.querySelector('#answer') as HTMLElement);
 * text.append('Hello');
 * text.append(', world');
 * text.finish(); // one text node again (at once: the text is short)
 * text.dispose();
 * ```
 */
export class GrowingText {
  private readonly element: HTMLElement;
  /** The text node that receives appended text; always the element's last child. */
  private tail: Text;
  private cutsAllowed: boolean | undefined;
  private width = -1;
  private length = 0;
  private readonly resizeObserver: ResizeObserver | undefined;
  private readonly settleNow = (): void => this.settle();
  /** Text waiting for the next frames (after a burst), from `queuedFrom` on. */
  private queued = '';
  private queuedFrom = 0;
  /** Set by `finish` while a burst still drains: called once its last step is shown. */
  private onFinished: (() => void) | undefined;
  private drainFrame: number | undefined;

  constructor(element: HTMLElement) {
    this.element = element;
    this.tail = element.ownerDocument.createTextNode('');
    element.replaceChildren(this.tail);
    if (typeof ResizeObserver === 'function') {
      this.resizeObserver = new ResizeObserver(([entry]) => {
        const width = entry?.contentRect.width ?? -1;
        if (this.width >= 0 && width !== this.width) this.settle();
        this.width = width;
      });
      this.resizeObserver.observe(element);
    }
  }

  /** The whole text: O(length), so for tests and `settle`, not for every update. */
  get text(): string {
    return this.element.textContent ?? '';
  }

  /**
   * Appends text: at once up to APPEND_AT_ONCE_CHARS, a longer burst over the next frames. Layout stays clean until
   * the next frame, so measuring the tail before appending is cheap.
   */
  append(text: string): void {
    if (text === '') return;
    if (this.queuedFrom < this.queued.length) {
      this.queued += text;
      return;
    }
    if (text.length <= APPEND_AT_ONCE_CHARS || typeof requestAnimationFrame !== 'function') {
      this.appendNow(text);
      return;
    }
    this.queued = text;
    this.queuedFrom = 0;
    this.drain();
  }

  private readonly drain = (): void => {
    let end = Math.min(this.queued.length, this.queuedFrom + APPEND_STEP_CHARS);
    // Never split a surrogate pair between two updates.
    if (end < this.queued.length && /[\uD800-\uDBFF]/.test(this.queued.charAt(end - 1))) end--;
    this.appendNow(this.queued.slice(this.queuedFrom, end));
    this.queuedFrom = end;
    if (end < this.queued.length) {
      this.drainFrame = requestAnimationFrame(this.drain);
      return;
    }
    this.drainFrame = undefined;
    this.queued = '';
    this.queuedFrom = 0;
    if (this.onFinished) this.finish(this.onFinished);
  };

  private appendNow(text: string): void {
    if (this.tail.length >= CUT_AFTER_CHARS) this.cutCompleteLines();
    this.tail.data += text;
    this.length += text.length;
  }

  /** Replaces the whole text (a bounded buffer's window moved, or another stream is shown). */
  replace(text: string): void {
    this.stopDraining();
    this.showOnly(text);
    this.length = text.length;
  }

  /**
   * Joins the blocks into one text node again; costs one layout of the whole text. Text still queued after a burst
   * keeps coming.
   */
  settle(): void {
    if (this.element.childNodes.length > 1) this.showOnly(this.text);
  }

  private showOnly(text: string): void {
    this.tail = this.element.ownerDocument.createTextNode(text);
    this.element.replaceChildren(this.tail);
  }

  private stopDraining(): void {
    if (this.drainFrame !== undefined) cancelAnimationFrame(this.drainFrame);
    this.drainFrame = undefined;
    this.onFinished = undefined;
    this.queued = '';
    this.queuedFrom = 0;
  }

  /**
   * The text is complete: joins the blocks now if that is cheap, else when a selection starts. `onShown` is called
   * once every character is in the element: at once, or after the last step of a burst still being laid out.
   */
  finish(onShown?: () => void): void {
    const draining = this.queuedFrom < this.queued.length;
    this.onFinished = draining ? (onShown ?? (() => {})) : undefined;
    if (draining) return;
    if (this.length <= JOIN_AT_ONCE_CHARS) this.settle();
    else this.element.ownerDocument.addEventListener('selectstart', this.settleNow, { once: true });
    onShown?.();
  }

  /** Stops watching the element's width and selections, and drops text still queued after a burst. */
  dispose(): void {
    this.stopDraining();
    this.resizeObserver?.disconnect();
    this.element.ownerDocument.removeEventListener('selectstart', this.settleNow);
  }

  /** Moves every line of the tail but the last into a block of its own, which no later update touches. */
  private cutCompleteLines(): void {
    this.cutsAllowed ??= cutsCannotShow(this.element);
    if (!this.cutsAllowed) return;
    const cut = lastLineStart(this.tail);
    if (cut <= 0 || cut >= this.tail.length || insideCharacter(this.tail.data, cut)) return;
    const rest = this.tail.splitText(cut);
    const block = this.element.ownerDocument.createElement('span');
    block.setAttribute(BLOCK_ATTRIBUTE, '');
    block.style.display = 'block';
    this.element.insertBefore(block, this.tail);
    block.appendChild(this.tail);
    this.tail = rest;
  }
}
