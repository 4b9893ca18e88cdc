import { type StreamHandle, useTokens } from '@tokenflow/streaming';

/** The stream's status as a word (pending, streaming, done, error, aborted), announced politely when it changes. */
export function StatusBadge({ handle }: { handle: StreamHandle }) {
  const { status } = useTokens(handle);
  return (
    <span className="status" role="status" data-status={status} data-testid="stream-status">
      {status}
    </span>
  );
}
