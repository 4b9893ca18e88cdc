import { type StreamHandle, useTokens } from '@tokenflow/streaming';

/**
 * The stream's error, when it failed: its code, HTTP status, the route's own code and the message. The partial
 * text stays above it.
 */
export function ErrorAlert({ handle }: { handle: StreamHandle }) {
  const { error } = useTokens(handle);
  if (error === undefined) return null;
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
