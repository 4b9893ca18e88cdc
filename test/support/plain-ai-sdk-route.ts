import { createUIMessageStreamResponse, streamText, toUIMessageStream } from 'ai';

type Model = Parameters<typeof streamText>[0]['model'];

/**
 * A route written the plain AI SDK way (no createStreamHandler): streamText answered as a UI message stream,
 * passing model and usage to the client as message metadata, as the AI SDK documents.
 */
export const plainAiSdkRoute = (model: Model) => async (request: Request) => {
  const { prompt } = (await request.json()) as { prompt: string };
  const result = streamText({ model, prompt, abortSignal: request.signal });
  return createUIMessageStreamResponse({
    stream: toUIMessageStream({
      stream: result.stream,
      messageMetadata: ({ part }) => {
        if (part.type === 'finish-step') return { model: part.response.modelId };
        if (part.type === 'finish') return { usage: part.totalUsage };
        return undefined;
      },
    }),
  });
};
