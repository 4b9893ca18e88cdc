import type { PortMessage } from '@tokenflow/streaming';
import { useEffect, useState } from 'react';
import { formatMs, shortHandle, tokenLabel } from './format.js';
import type { LineLog } from './line-log.js';

function describe(message: PortMessage): string {
  const handle = shortHandle(message.handle);
  if (message.type === 'token')
    return `${handle} ${tokenLabel(message)} ${formatMs(message.at)} ${JSON.stringify(message.text)}`;
  const reason = message.finishReason ? ` (${message.finishReason})` : '';
  const error = message.error ? ` ${message.error.code}: ${message.error.message}` : '';
  return `${handle} end: ${message.status}${reason}${error}`;
}

/**
 * A port listener for streams: a `MessageChannel` whose `port1` is given to `start({ onToken })` and whose
 * `port2` writes what it receives (each token, then the end) to the log. The same messages could feed a worker
 * or, through a BroadcastChannel, another tab.
 */
export function usePortListener(log: LineLog): MessagePort | undefined {
  const [port, setPort] = useState<MessagePort>();
  useEffect(() => {
    const channel = new MessageChannel();
    channel.port2.onmessage = (event: MessageEvent<PortMessage>) => log.push(describe(event.data));
    setPort(channel.port1);
    return () => {
      channel.port1.close();
      channel.port2.close();
    };
  }, [log]);
  return port;
}
