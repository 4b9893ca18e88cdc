import { type RefObject, useLayoutEffect, useRef } from 'react';

/**
 * Counts the renders of the component calling it and writes the count into the element the returned ref is given
 * (a `RenderCount`), straight into the DOM: showing the number must not cost a render of its own. A render counts
 * once it is committed; Strict Mode's second run of a mount's effects is the same render, so it is not counted.
 */
export function useRenderCount(): RefObject<HTMLSpanElement | null> {
  const shown = useRef<HTMLSpanElement>(null);
  const counted = useRef<{ renders: number; last: object | undefined }>({ renders: 0, last: undefined });
  const thisRender = {};
  useLayoutEffect(() => {
    const state = counted.current;
    if (state.last === thisRender) return;
    state.last = thisRender;
    state.renders += 1;
    const element = shown.current;
    if (element === null) return;
    element.textContent = `${state.renders} ${state.renders === 1 ? 'render' : 'renders'}`;
    element.dataset.renders = String(state.renders);
  });
  return shown;
}
