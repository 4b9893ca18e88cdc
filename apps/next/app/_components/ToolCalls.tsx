'use client';

import { type StreamHandle, useTokens } from '@tokenflow/streaming';
import { ToolCallCard } from './ToolCallCard';

/** The stream's tool calls, a card each; renders only when a call starts or changes, not for the answer's text. */
export function ToolCalls({ handle }: { handle: StreamHandle }) {
  const { toolCalls } = useTokens(handle);
  if (toolCalls.length === 0) return null;
  return (
    <section className="tool-calls" aria-label="Tool calls">
      {toolCalls.map((call) => (
        <ToolCallCard key={call.id} call={call} />
      ))}
    </section>
  );
}
