import type { LineLog } from '../lib/line-log.js';
import { LogPane } from './LogPane.js';

/** Props of {@link TokenLog}. */
export interface TokenLogProps {
  /** Written by the provider's `onToken` function. */
  functionLog: LineLog;
  /** Written by the `MessageChannel` port each stream was given as `onToken`. */
  portLog: LineLog;
}

/** Every token callback, side by side: a function listener and a port listener hear the same tokens. */
export function TokenLog({ functionLog, portLog }: TokenLogProps) {
  const clear = () => {
    functionLog.clear();
    portLog.clear();
  };
  return (
    <section className="card token-log" aria-labelledby="token-log-heading">
      <div className="section-heading">
        <h2 id="token-log-heading">Token callbacks</h2>
        <button type="button" className="small" onClick={clear}>
          Clear
        </button>
      </div>
      <div className="log-panes">
        <LogPane
          title="Function listener"
          code="<StreamingProvider onToken={fn}>"
          log={functionLog}
          testId="log-function"
        />
        <LogPane title="Port listener" code="start({ onToken: port1 }) → port2" log={portLog} testId="log-port" />
      </div>
    </section>
  );
}
