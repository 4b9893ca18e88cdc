'use client';

import { type StreamHandle, useTokens } from '@tokenflow/streaming';

/** Status, token count and usage of the stream: re-renders at most once per frame, only for this handle. */
export function Stats({ handle }: { handle: StreamHandle | null }) {
  const { status, tokenCount, usage, error } = useTokens(handle);
  return (
    <p className="stats">
      <span data-testid="status">{status}</span> · <span data-testid="tokens">{tokenCount}</span> tokens
      {usage?.totalTokens !== undefined && ` · ${usage.totalTokens} in all`}
      {/* A stop is no failure: its reason (who stopped it) is shown, not announced as an alert. */}
      {error && (
        <span role={status === 'aborted' ? undefined : 'alert'} data-testid="error">
          {' '}
          · {error.message}
        </span>
      )}
    </p>
  );
}
