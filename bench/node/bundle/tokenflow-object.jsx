// The Tokenflow app of tokenflow.jsx plus structured output: a recipe read with useStreamObject as its JSON streams.
import { StreamingProvider, useEndStream, useStartStream, useStreamObject, useTokens } from '@tokenflow/streaming';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  const start = useStartStream();
  const end = useEndStream();
  const [handle, setHandle] = useState(null);
  const { status } = useTokens(handle);
  const recipe = useStreamObject(handle);
  return (
    <div>
      <button type="button" onClick={() => setHandle(start({ prompt: 'Pancakes', output: 'recipe' }))}>
        Ask
      </button>
      <button type="button" onClick={() => handle && end(handle, { abort: true })}>
        Stop
      </button>
      <p>
        {status} {recipe.object?.title}
      </p>
    </div>
  );
}

createRoot(document.getElementById('root')).render(
  <StreamingProvider>
    <App />
  </StreamingProvider>,
);
