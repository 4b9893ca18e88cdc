import { useTokens } from '@tokenflow/streaming';
import { useId } from 'react';
import type { Run } from '../lib/settings.js';
import { useStreamResult } from '../lib/use-stream-result.js';
import { EndSummary } from './EndSummary.js';
import { ErrorAlert } from './ErrorAlert.js';
import { LiveStats } from './LiveStats.js';
import { StatusBadge } from './StatusBadge.js';
import { StreamText } from './StreamText.js';
import { TokenBoundaries } from './TokenBoundaries.js';

/** Props of {@link StreamPanel}. */
export interface StreamPanelProps {
  run: Run;
  showBoundaries: boolean;
}

/**
 * One stream, rendered from its handle alone: every part below reads the stream itself (`useTokens`), so each
 * re-renders only for what it shows. The final numbers come from one result, shared by the stats and the summary.
 */
export function StreamPanel({ run, showBoundaries }: StreamPanelProps) {
  const headingId = useId();
  // Reads the stream, attaching first when another tab started it: every part below then finds it in the store.
  useTokens(run.handle, { attach: run.attached });
  const result = useStreamResult(run.handle);
  const textLabel = `Text, ${run.label.toLowerCase()}`;
  return (
    <article className="stream-panel" aria-labelledby={headingId} data-testid="stream-panel" data-handle={run.handle}>
      <header className="stream-panel-header">
        <h3 id={headingId}>{run.label}</h3>
        <StatusBadge handle={run.handle} />
      </header>
      <a
        className="open-elsewhere"
        href={`?stream=${encodeURIComponent(run.handle)}`}
        target="_blank"
        rel="noopener"
        data-testid="open-in-tab"
      >
        Open in another tab
      </a>
      <LiveStats handle={run.handle} result={result} />
      {showBoundaries ? (
        <TokenBoundaries handle={run.handle} label={textLabel} />
      ) : (
        <StreamText handle={run.handle} label={textLabel} />
      )}
      <ErrorAlert handle={run.handle} />
      <EndSummary result={result} />
    </article>
  );
}
