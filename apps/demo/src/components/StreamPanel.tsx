import { useTokens } from '@tokenflow/streaming';
import { memo, useId } from 'react';
import { type Run, runUrl } from '../lib/settings.js';
import { useStreamResult } from '../lib/use-stream-result.js';
import { AnswerText } from './AnswerText.js';
import { EndSummary } from './EndSummary.js';
import { ErrorAlert } from './ErrorAlert.js';
import { LiveStats } from './LiveStats.js';
import { ReasoningPanel } from './ReasoningPanel.js';
import { StatusBadge } from './StatusBadge.js';
import { StructuredAnswer } from './StructuredAnswer.js';
import { ToolCalls } from './ToolCalls.js';

/** Props of {@link StreamPanel}. */
export interface StreamPanelProps {
  run: Run;
  showBoundaries: boolean;
}

/**
 * One stream, rendered from its handle alone: every part below reads the stream itself (`useTokens`), so each
 * re-renders only for what it shows: the stats and the answer for the text, the reasoning panel for the reasoning,
 * a tool card for its call, the recipe card for its JSON. The final numbers come from one result, shared by the
 * stats and the summary. Memoised, so typing in the form renders no panel.
 */
export const StreamPanel = memo(function StreamPanel({ run, showBoundaries }: StreamPanelProps) {
  const headingId = useId();
  // Reads the stream, attaching first when another tab started it: every part below then finds it in the store.
  useTokens(run.handle, { attach: run.attached });
  const result = useStreamResult(run.handle);
  const name = run.label.toLowerCase();
  const textLabel = `${run.output ? 'JSON text' : 'Text'}, ${name}`;
  return (
    <article className="stream-panel" aria-labelledby={headingId} data-testid="stream-panel" data-handle={run.handle}>
      <header className="stream-panel-header">
        <h3 id={headingId}>{run.label}</h3>
        <StatusBadge handle={run.handle} />
      </header>
      <a className="open-elsewhere" href={runUrl(run)} target="_blank" rel="noopener" data-testid="open-in-tab">
        Open in another tab
      </a>
      <LiveStats handle={run.handle} result={result} />
      <ReasoningPanel handle={run.handle} label={`Reasoning, ${name}`} />
      <ToolCalls handle={run.handle} />
      {run.output === 'recipe' ? (
        <StructuredAnswer
          handle={run.handle}
          label={textLabel}
          cardLabel={`Recipe, ${name}`}
          showBoundaries={showBoundaries}
        />
      ) : (
        <AnswerText handle={run.handle} label={textLabel} showBoundaries={showBoundaries} />
      )}
      <ErrorAlert handle={run.handle} />
      <EndSummary result={result} />
    </article>
  );
});
