'use client';

import { createElement, type HTMLAttributes, type ReactElement, useEffect, useRef } from 'react';
import type { StreamHandle, StreamPart } from '../core/types.js';
import { renderStreamText } from '../dom/render-stream-text.js';
import { useStreamingStore } from './context.js';

/**
 * Props of {@link StreamText}: the handle, the element to render, and any HTML attribute of it (no children:
 * the text is the children).
 *
 * @example
 * ```tsx
 * const props: StreamTextProps = { handle, as: 'p', className: 'answer' };
 * ```
 */
export interface StreamTextProps extends Omit<HTMLAttributes<HTMLElement>, 'children' | 'dangerouslySetInnerHTML'> {
  handle: StreamHandle | null | undefined;
  /** The element to render; a block element (the default `div`, or `p`, `pre`, …) renders long text fastest. */
  as?: 'div' | 'p' | 'pre' | 'span' | 'article' | 'section' | 'output' | undefined;
  /** Which tokens to show: the answer's `text` (default), or the model's `reasoning`. */
  part?: StreamPart | undefined;
}

/**
 * Renders a stream's text live without re-rendering: the component renders its element once, and new text is
 * appended to it at most once per frame, at a cost that does not grow with the text (complete lines are set
 * aside, so the browser lays out only the last one). For long or fast streams this is far cheaper than
 * `useTokens(handle).text`, which makes React replace the whole text at each update. The element has
 * `aria-busy="true"` until its whole text is shown (with `part="reasoning"`, until the answer or a tool call
 * begins). A null handle renders an empty element, and so does the server (the text comes once the component is
 * mounted).
 *
 * @example
 * ```tsx
 * function Answer({ handle }: { handle: StreamHandle | null }) {
 *   return <StreamText handle={handle} as="p" className="answer" />;
 * }
 * ```
 */
export function StreamText({ handle, as = 'div', part = 'text', ...attributes }: StreamTextProps): ReactElement {
  const store = useStreamingStore();
  const ref = useRef<HTMLElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `as` is read through the ref: a new tag is a new element, which must take over the text.
  useEffect(() => {
    const element = ref.current;
    if (!element || !handle) return;
    const stop = renderStreamText(store, handle, element, part);
    return () => {
      stop();
      element.replaceChildren();
    };
  }, [store, handle, as, part]);
  return createElement(as, { ...attributes, ref });
}
