// One component that streams with Tokenflow: hooks + the default HTTP transport (React is external).
import { StreamingProvider, useEndStream, useStartStream, useTokens } from '@tokenflow/streaming';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  const start = useStartStream();
  const end = useEndStream();
  const [handle, setHandle] = useState(null);
  const { status, text } = useTokens(handle);
  return (
    <div>
      <button type="button" onClick={() => setHandle(start({ prompt: 'Hello' }))}>
        Ask
      </button>
      <button type="button" onClick={() => handle && end(handle, { abort: true })}>
        Stop
      </button>
      <p>
        {status} {text}
      </p>
    </div>
  );
}

createRoot(document.getElementById('root')).render(
  <StreamingProvider>
    <App />
  </StreamingProvider>,
);
