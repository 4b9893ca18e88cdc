import { isReasoning } from '../core/is-reasoning.js';
import type { StreamingStore } from '../core/store.js';
import type { StreamHandle, StreamPart, StreamView } from '../core/types.js';
import { GrowingText } from './growing-text.js';

/**
 * Shows a stream's text (or, with `part` `'reasoning'`, its reasoning) in a DOM element and keeps it up to date,
 * without React: at each publication of the store
 * (at most once per frame), the new tokens' text is appended to the element, in O(new text) (see `GrowingText`).
 * A bounded buffer that dropped tokens shows its kept window, replaced at each update. While the stream runs, the
 * element has `aria-busy="true"`, until its whole text is shown (the reasoning's: until the answer or a tool call
 * begins); when it ends, its text is joined into one text node (a long one when a selection starts). The element's
 * children belong to this function until the returned function is called, which stops it and lets the store release
 * the handle.
 *
 * @example
 * ```ts
 * const handle = store.start({ prompt: 'Tell me a story' });
 * const stop = renderStreamText(store, handle, document.querySelector('#answer') as HTMLElement);
 * await store.end(handle);
 * stop();
 * ```
 */
export function renderStreamText(
  store: StreamingStore,
  handle: StreamHandle,
  element: HTMLElement,
  part: StreamPart = 'text',
): () => void {
  const text = new GrowingText(element);
  let shownTokens = 0;
  let shownView: StreamView | undefined;
  let shownWhole: string | undefined;
  let finished = false;

  const update = (): void => {
    const view = store.getView(handle);
    if (view === shownView) return;
    const reasoning = part === 'reasoning';
    // The part is over when the stream is, and the reasoning also once the answer or a tool call has begun.
    const isOver = reasoning ? !isReasoning(view) : !view.isRunning;
    // Busy from the start; no longer busy once the whole part is shown (a burst may still be laid out in steps).
    // A handle attached after mounting is idle (not running) at first: it finishes again once it ran.
    if (view.status !== shownView?.status && !isOver) {
      element.setAttribute('aria-busy', 'true');
      finished = false;
    }
    shownView = view;
    // The store's record may be ahead of its published view: reading from it shows the newest text.
    // Reasoning is shown whole while mounted (a bounded buffer's window only when mounted after it dropped some).
    const next = !reasoning && view.truncated ? undefined : store.readTextSince(handle, shownTokens, part);
    if (next) {
      text.append(next.text);
      shownTokens = next.tokenCount;
    } else if (reasoning ? view.reasoning !== shownWhole : view.tokenCount > shownTokens || view.truncated) {
      // Tokens dropped before they were shown: the kept window, replaced at each update from now on.
      shownWhole = reasoning ? view.reasoning : view.text;
      text.replace(shownWhole);
      shownTokens = reasoning ? Number.POSITIVE_INFINITY : view.tokenCount;
    }
    if (isOver && !finished) {
      finished = true;
      text.finish(() => element.removeAttribute('aria-busy'));
    }
  };

  const release = store.retain(handle);
  update();
  const unsubscribe = store.state.subscribe(update);
  return () => {
    unsubscribe();
    release();
    text.dispose();
    // The element may stay on the page (another handle, or none, next): it shows no running stream any more.
    element.removeAttribute('aria-busy');
  };
}
