import { streamRoute } from '../../../../lib/stream-route';

export const runtime = 'nodejs';

/** `POST /api/stream`, `GET` and `DELETE /api/stream/<id>`, on the Node.js runtime. */
export const { POST, GET, DELETE } = streamRoute();
