import { useId, useSyncExternalStore } from 'react';
import type { LineLog } from '../lib/line-log.js';
import { useFollowScroll } from '../lib/use-follow-scroll.js';

/** Props of {@link LogPane}. */
export interface LogPaneProps {
  title: string;
  /** How this listener is attached, shown as code. */
  code: string;
  log: LineLog;
  testId: string;
}

/** The last lines of a log, following new lines unless the reader has scrolled up. */
export function LogPane({ title, code, log, testId }: LogPaneProps) {
  const headingId = useId();
  const lines = useSyncExternalStore(log.subscribe, log.getSnapshot);
  const { ref, onScroll } = useFollowScroll<HTMLOListElement>(lines);

  return (
    <div className="log-pane">
      <h3 id={headingId}>{title}</h3>
      <code className="log-code">{code}</code>
      {/* Not a live region: announcing every token would drown a screen reader. */}
      <ol
        ref={ref}
        className="log"
        aria-labelledby={headingId}
        aria-live="off"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        tabIndex={0}
        data-testid={testId}
        onScroll={onScroll}
      >
        {lines.map((line) => (
          <li key={line.id}>{line.text}</li>
        ))}
      </ol>
    </div>
  );
}
