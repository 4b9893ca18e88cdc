import { streamRoute } from '../../../../../lib/stream-route';

export const runtime = 'edge';

/** The same route on the edge runtime: `POST /api/edge/stream`, `GET` and `DELETE /api/edge/stream/<id>`. */
export const { POST, GET, DELETE } = streamRoute();
