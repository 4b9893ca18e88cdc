import { httpTransport, StreamingProvider, type TokenCallback } from '@tokenflow/streaming';
import { useCallback, useRef, useState } from 'react';
import { Header } from './components/Header.js';
import { PromptForm } from './components/PromptForm.js';
import { RateChart } from './components/RateChart.js';
import { ResumedRuns } from './components/ResumedRuns.js';
import { StreamPanel } from './components/StreamPanel.js';
import { TokenLog } from './components/TokenLog.js';
import { droppableFetch } from './lib/droppable-fetch.js';
import { formatMs, shortHandle, tokenLabel } from './lib/format.js';
import { LineLog } from './lib/line-log.js';
import { DEFAULT_SETTINGS, type DemoSettings, parseBufferSize, type Run, runsFromUrl } from './lib/settings.js';
import { useLiveModels } from './lib/use-live-models.js';
import { usePortListener } from './lib/use-port-listener.js';

/** How many lines each token log keeps. */
const LOG_LINES = 200;

/**
 * The demo page. The form starts streams and hands their handles up; the panels, the chart and the logs each
 * read the streams through those handles, from the one store the provider gives.
 */
export function App() {
  const [settings, setSettings] = useState<DemoSettings>(DEFAULT_SETTINGS);
  // A page opened with `?stream=<handle>` (another tab's "Open in another tab") watches that stream.
  const [runs, setRuns] = useState<readonly Run[]>(runsFromUrl);
  // The network the streams go through, which the "Drop connection" button cuts.
  const [network] = useState(droppableFetch);
  const [transport] = useState(() => httpTransport({ fetch: network.fetch }));
  const { catalog, error: catalogError } = useLiveModels();
  const [functionLog] = useState(() => new LineLog(LOG_LINES));
  const [portLog] = useState(() => new LineLog(LOG_LINES));
  const port = usePortListener(portLog);
  const streamsArea = useRef<HTMLElement>(null);

  // New streams may take less room than the ones they replace (three panels become one). The area keeps the
  // height it had, so the page does not shrink and jump under the pointer that pressed Start.
  const showStarted = useCallback((started: Run[]) => {
    const area = streamsArea.current;
    if (area) area.style.minHeight = `${area.getBoundingClientRect().height}px`;
    setRuns(started);
  }, []);

  const update = useCallback(
    (patch: Partial<DemoSettings>) => setSettings((current) => ({ ...current, ...patch })),
    [],
  );
  // The store-wide function listener: called synchronously for every token of every stream.
  const onToken = useCallback<TokenCallback>(
    (token, handle) =>
      functionLog.push(
        `${shortHandle(handle)} ${tokenLabel(token)} ${formatMs(token.at)} ${JSON.stringify(token.text)}`,
      ),
    [functionLog],
  );

  return (
    // resumeOnReload: a reload brings back the streams that were running (ResumedRuns shows them).
    <StreamingProvider
      transport={transport}
      resumeOnReload
      bufferSize={parseBufferSize(settings.bufferSize)}
      onToken={onToken}
    >
      <ResumedRuns runs={runs} onResumed={setRuns} />
      <a className="skip-link" href="#streams">
        Skip to the streams
      </a>
      <Header catalog={catalog} catalogError={catalogError} />
      <main className="layout">
        <PromptForm
          settings={settings}
          onChange={update}
          catalog={catalog}
          runs={runs}
          onStarted={showStarted}
          onDropConnection={network.drop}
          port={port}
        />
        {/* The dev view's render counts are always kept, and shown by CSS: turning them on renders nothing. */}
        <div className="results" data-render-counts={settings.showRenderCounts}>
          <section
            id="streams"
            ref={streamsArea}
            className="card streams"
            aria-labelledby="streams-heading"
            tabIndex={-1}
          >
            <h2 id="streams-heading">Streams</h2>
            {runs.length === 0 ? (
              <p className="empty">Start a stream to watch its tokens arrive.</p>
            ) : (
              <div className="stream-grid">
                {runs.map((run) => (
                  <StreamPanel key={run.handle} run={run} showBoundaries={settings.showBoundaries} />
                ))}
              </div>
            )}
          </section>
          <RateChart key={runs.map((run) => run.handle).join()} runs={runs} />
          <TokenLog functionLog={functionLog} portLog={portLog} />
        </div>
      </main>
    </StreamingProvider>
  );
}
