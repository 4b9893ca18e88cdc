import { createStreamHandler } from '@tokenflow/streaming/server';
import { streamModels } from '../../../../lib/models';

export const runtime = 'edge';

/** `POST /api/edge/stream`: the same route on the edge runtime. */
export const POST = createStreamHandler({ ...streamModels(), limits: { maxOutputTokens: 1_024 } });
