'use client';

import { type StreamHandle, StreamText, useTokens } from '@tokenflow/streaming';
import { ROUTES, type StreamInfo, streamLink } from '../stream-info';
import { ReasoningPanel } from './ReasoningPanel';
import { RecipeCard } from './RecipeCard';
import { Stats } from './Stats';
import { ToolCalls } from './ToolCalls';

/** A stream the page shows: started here, brought back after a reload, or opened from another tab's link. */
export interface ShownStream extends StreamInfo {
  handle: StreamHandle;
  origin: 'started' | 'resumed' | 'opened';
}

const ORIGINS: Record<ShownStream['origin'], string | undefined> = {
  started: undefined,
  resumed: 'resumed after a reload',
  opened: 'opened from another tab',
};

const RUNTIMES = { node: 'Node.js', edge: 'Edge' } as const;

/**
 * The stream shown, every part in a component of its own, and a link that opens it in another tab. A stream
 * opened from a link is attached here (another tab started it), from its first token.
 */
export function StreamView({ stream }: { stream: ShownStream | null }) {
  const handle = stream?.handle ?? null;
  useTokens(handle, { attach: stream?.origin === 'opened' });
  const origin = stream && ORIGINS[stream.origin];
  return (
    <div className="stream" data-testid="stream" data-handle={handle ?? undefined}>
      {stream && (
        <p className="stream-meta">
          <span data-testid="stream-route">
            {RUNTIMES[stream.runtime]} route ({ROUTES[stream.runtime]})
          </span>
          {origin && (
            <>
              {' · '}
              <span data-testid="stream-origin">{origin}</span>
            </>
          )}
          {' · '}
          <a href={streamLink(stream.handle, stream)} target="_blank" rel="noopener" data-testid="open-in-tab">
            Open in another tab
          </a>
        </p>
      )}
      <Stats handle={handle} />
      {handle && <ReasoningPanel handle={handle} />}
      {handle && <ToolCalls handle={handle} />}
      {stream?.output === 'recipe' ? (
        <RecipeCard handle={stream.handle} />
      ) : (
        <StreamText handle={handle} as="p" className="answer" data-testid="answer" />
      )}
    </div>
  );
}
