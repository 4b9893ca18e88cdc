import { createStreamHandler } from '@tokenflow/streaming/server';
import { streamModels } from './models';

/** What Next.js hands an optional catch-all route (`[[...id]]`): the path's segments after the route's own. */
interface CatchAll {
  params: Promise<{ id?: string[] }>;
}

const notFound = () =>
  Response.json({ error: { code: 'not-found', message: 'No such route.', retryable: false } }, { status: 404 });

/**
 * The methods of a stream route in `<route>/[[...id]]/route.ts`: `POST <route>` starts a stream, `GET <route>/<id>`
 * resumes it (after `Last-Event-ID`) and `DELETE <route>/<id>` stops it. They are one handler in one route module,
 * because the streams live in that handler's memory log: on the edge runtime each route module runs in a context of
 * its own, so a handler shared by two route files would be two handlers there (under `next start`, a GET to an
 * `[id]` route found no stream its sibling's POST had started).
 */
export function streamRoute() {
  const handler = createStreamHandler({ ...streamModels(), limits: { maxOutputTokens: 1_024 } });
  // The catch-all also matches deeper paths (`<route>/a/b`): only the two shapes above are routes.
  const at =
    (segments: number) =>
    async (request: Request, { params }: CatchAll): Promise<Response> =>
      ((await params).id?.length ?? 0) === segments ? handler(request) : notFound();
  return { POST: at(0), GET: at(1), DELETE: at(1) };
}
