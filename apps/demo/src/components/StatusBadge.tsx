import { type StreamHandle, useTokens } from '@tokenflow/streaming';

/** The stream's status as a word (pending, streaming, done, error, aborted), announced politely when it changes. */
export function StatusBadge({ handle }: { handle: StreamHandle }) {
  const { status, reconnecting } = useTokens(handle);
  // Reconnecting is a moment of a running stream, not a status of its own: the badge says it while it lasts.
  const shown = reconnecting ? 'reconnecting' : status;
  return (
    <span className="status" role="status" data-status={shown} data-testid="stream-status">
      {shown}
    </span>
  );
}
