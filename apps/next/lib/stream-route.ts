import { createStreamHandler } from '@tokenflow/streaming/server';
import { streamModels } from './models';
import { recipeSchema } from './recipe';
import { weatherTool } from './weather-tool';

/** What Next.js hands an optional catch-all route (`[[...id]]`): the path's segments after the route's own. */
interface CatchAll {
  params: Promise<{ id?: string[] }>;
}

/**
 * The methods of a stream route in `<route>/[[...id]]/route.ts`: `POST <route>` starts a stream, `GET <route>/<id>`
 * resumes it (after `Last-Event-ID`) and `DELETE <route>/<id>` stops it. They are one handler in one route module,
 * because the streams live in that handler's memory log: on the edge runtime each route module runs in a context of
 * its own, so a handler shared by two route files would be two handlers there (under `next start`, a GET to an
 * `[id]` route found no stream its sibling's POST had started).
 */
export function streamRoute() {
  const handler = createStreamHandler({
    ...streamModels(),
    limits: { maxOutputTokens: 1_024 },
    // A tool the model may call (the route runs it and hands the model its result, for at most `maxSteps` model
    // calls), and a structured output a request may name: `start({ prompt, output: 'recipe' })`.
    tools: { weather: weatherTool },
    maxSteps: 3,
    outputs: { recipe: recipeSchema },
  });
  // A POST starts a stream whatever its path says, so only the route's own path takes one. GET and DELETE paths
  // are the handler's to read (it answers 400 when one names no stream), so they are not parsed twice.
  const POST = async (request: Request, { params }: CatchAll): Promise<Response> =>
    (await params).id === undefined
      ? handler(request)
      : Response.json(
          { error: { code: 'not-found', message: 'Start a stream at the route itself.' } },
          { status: 404 },
        );
  return { POST, GET: handler, DELETE: handler };
}
