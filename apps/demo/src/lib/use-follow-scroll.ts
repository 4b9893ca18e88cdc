import { type RefObject, useLayoutEffect, useRef } from 'react';

/** How close to the bottom (in pixels) still counts as "at the bottom". */
const SLACK = 8;

/**
 * Keeps a scrollable element scrolled to its end as content grows, like a terminal, unless the reader has
 * scrolled up to read something; scrolling back down resumes following. Pass what grows as `content`.
 */
export function useFollowScroll<T extends HTMLElement>(
  content: unknown,
): {
  ref: RefObject<T | null>;
  onScroll: () => void;
} {
  const ref = useRef<T>(null);
  const following = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs whenever the content changed, which it does not read.
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [content]);

  const onScroll = () => {
    const element = ref.current;
    if (element) following.current = element.scrollTop + element.clientHeight >= element.scrollHeight - SLACK;
  };
  return { ref, onScroll };
}
