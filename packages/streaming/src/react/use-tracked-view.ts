'use client';

import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { StreamingStore } from '../core/store.js';
import type { StreamHandle, StreamView } from '../core/types.js';

/**
 * A handle's view, for a component that re-renders only when a field it read changed (TanStack Query's tracked
 * results): a tool-call card that reads `toolCalls` does not render for text tokens, an answer that reads `text` not
 * for reasoning. Fields count as read once any render read them (destructuring reads them; spreading reads all).
 * The store publishes at most once per frame, so that is still the most a component renders.
 */
export function useTrackedView(store: StreamingStore, handle: StreamHandle | null | undefined): StreamView {
  const read = useRef<Set<keyof StreamView>>(undefined);
  read.current ??= new Set();
  const fields = read.current;
  // The view the committed render showed: a change is measured against it.
  const shown = useRef<StreamView>(undefined);
  const subscribe = useCallback(
    (onChange: () => void) =>
      store.state.subscribe(() => {
        const last = shown.current;
        const next = store.getView(handle);
        if (last === undefined) return onChange();
        if (next === last) return;
        // Every mounted reader runs this at every publication: a plain loop over the read fields, no array copy.
        for (const field of fields) if (!Object.is(next[field], last[field])) return onChange();
      }),
    [store, handle, fields],
  );
  const getView = () => store.getView(handle);
  const view = useSyncExternalStore(subscribe, getView, getView);
  useEffect(() => {
    shown.current = view;
  });

  const wrapped = useRef<{ view: StreamView; tracked: StreamView }>(undefined);
  if (wrapped.current?.view !== view) wrapped.current = { view, tracked: tracking(view, fields) };
  return wrapped.current.tracked;
}

/** The view, noting each field read. */
const tracking = (view: StreamView, fields: Set<keyof StreamView>): StreamView =>
  new Proxy(view, {
    get(target, field) {
      fields.add(field as keyof StreamView);
      return target[field as keyof StreamView];
    },
  });
