import { liveModels } from './_lib/live-models.js';

/** Vercel: run this route on the edge runtime (it uses only Web APIs). */
export const config = { runtime: 'edge' };

const { catalog } = liveModels();

/** `GET /api/models`: which backend is live and the models the page may pick (a `ModelCatalog`). */
export default function models(request: Request): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return Response.json(
      { error: { code: 'method-not-allowed', message: 'Use GET.' } },
      { status: 405, headers: { allow: 'GET, HEAD' } },
    );
  }
  return Response.json(catalog, { headers: { 'cache-control': 'no-store' } });
}
