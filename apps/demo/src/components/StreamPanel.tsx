import { useId } from 'react';
import type { Run } from '../lib/settings.js';
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
 * re-renders only for what it shows.
 */
export function StreamPanel({ run, showBoundaries }: StreamPanelProps) {
  const headingId = useId();
  return (
    <article className="stream-panel" aria-labelledby={headingId} data-testid="stream-panel" data-handle={run.handle}>
      <header className="stream-panel-header">
        <h3 id={headingId}>{run.label}</h3>
        <StatusBadge handle={run.handle} />
      </header>
      <LiveStats handle={run.handle} />
      {showBoundaries ? <TokenBoundaries handle={run.handle} /> : <StreamText handle={run.handle} />}
      <ErrorAlert handle={run.handle} />
      <EndSummary handle={run.handle} />
    </article>
  );
}
