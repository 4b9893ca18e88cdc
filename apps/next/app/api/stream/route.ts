import { createStreamHandler } from '@tokenflow/streaming/server';
import { streamModels } from '../../../lib/models';

export const runtime = 'nodejs';

/** `POST /api/stream`, on the Node.js runtime. */
export const POST = createStreamHandler({ ...streamModels(), limits: { maxOutputTokens: 1_024 } });
