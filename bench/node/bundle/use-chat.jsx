// The same component with the AI SDK: useChat + DefaultChatTransport (React is external).
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { createRoot } from 'react-dom/client';

const transport = new DefaultChatTransport({ api: '/api/chat' });

function App() {
  const { messages, sendMessage, stop, status } = useChat({ transport });
  const last = messages[messages.length - 1];
  return (
    <div>
      <button type="button" onClick={() => sendMessage({ text: 'Hello' })}>
        Ask
      </button>
      <button type="button" onClick={() => stop()}>
        Stop
      </button>
      <p>
        {status} {last?.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')}
      </p>
    </div>
  );
}

createRoot(document.getElementById('root')).render(<App />);
