import type { HTMLAttributes, ReactNode } from 'react';
import { useFollowScroll } from '../lib/use-follow-scroll.js';

/** Props of {@link FollowingBox}: what grows, the region's name, and any other attribute of the box. */
export type FollowingBoxProps = Omit<HTMLAttributes<HTMLElement>, 'children'> & {
  /** What grows in it: the box follows the end when it changes (unless the reader scrolled up). */
  grows: unknown;
  /** Names the region, apart from the other panels' (compare mode shows three). */
  label: string;
  children: ReactNode;
};

/**
 * The scrolling box every growing part of a panel sits in (the answer, the reasoning, the recipe): it follows the
 * end as its content grows, unless the reader scrolled up, and is reachable by keyboard.
 */
export function FollowingBox({ grows, label, children, ...attributes }: FollowingBoxProps) {
  const { ref, onScroll } = useFollowScroll<HTMLElement>(grows);
  return (
    <section
      ref={ref}
      onScroll={onScroll}
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the box scrolls, so it must be reachable by keyboard.
      tabIndex={0}
      {...attributes}
    >
      {children}
    </section>
  );
}
