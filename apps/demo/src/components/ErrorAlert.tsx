import { type StreamHandle, useTokens } from '@tokenflow/streaming';

/**
 * The stream's error, when it failed: its code, HTTP status, the route's own code and the message. The partial
 * text stays above it. A stream stopped at the route says so in a plain line.
 */
export function ErrorAlert({ handle }: { handle: StreamHandle }) {
  const { status, error } = useTokens(handle);
  if (error === undefined) return null;
  // A stop is no failure: the route's word on who stopped it (this tab, another one, nobody reading) is enough.
  if (status === 'aborted') {
    return (
      <p className="hint" data-testid="stream-stopped">
        {error.message}
      </p>
    );
  }
  return (
    <div className="error" role="alert" data-testid="stream-error">
      <p className="error-title">
        <code data-testid="stream-error-code">{error.code}</code>
        {error.status !== undefined && <span> HTTP {error.status}</span>}
        {error.serverCode !== undefined && <span> · {error.serverCode}</span>}
        {error.retryable && <span> · retryable</span>}
      </p>
      <p data-testid="stream-error-message">{error.message}</p>
      <p className="hint">The text that arrived before the failure is kept.</p>
    </div>
  );
}
