import type { RefObject } from 'react';

/** Props of {@link RenderCount}. */
export interface RenderCountProps {
  /** From `useRenderCount()` in the component whose renders are shown. */
  counter: RefObject<HTMLSpanElement | null>;
  /** Which part it counts, for its test id. */
  part: string;
}

/**
 * Where a part of a panel says how many times it rendered: shown in the dev view ("Show render counts"), hidden by
 * CSS otherwise, so turning the view on or off renders nothing. React renders the element empty and never touches
 * its text: `useRenderCount` writes the number.
 */
export function RenderCount({ counter, part }: RenderCountProps) {
  return (
    <span
      ref={counter}
      className="render-count"
      title="How many times this component rendered"
      data-testid={`render-count-${part}`}
    />
  );
}
