import { type StreamHandle, useTokens } from '@tokenflow/streaming';
import { memo } from 'react';
import { ToolCallCard } from './ToolCallCard.js';

/**
 * The stream's tool calls, a card each. It reads only `toolCalls` from the view, so the answer's tokens do not
 * render it; the list is a new array only when a call changed, and an unchanged call keeps its identity, so each
 * card renders only when its own call did.
 */
export const ToolCalls = memo(function ToolCalls({ handle }: { handle: StreamHandle }) {
  const { toolCalls } = useTokens(handle);
  if (toolCalls.length === 0) return null;
  return (
    <ul className="tool-calls" aria-label="Tool calls">
      {toolCalls.map((call) => (
        <li key={call.id}>
          <ToolCallCard call={call} />
        </li>
      ))}
    </ul>
  );
});
