/**
 * `GET /api/stream/<id>` (a client resuming after `Last-Event-ID`) and `DELETE /api/stream/<id>` (Stop): the very
 * handler of `POST /api/stream`, imported rather than made again, because its memory log, which holds the streams,
 * is per handler. Where each file runs as a function of its own (a Vercel deployment), two functions share no
 * memory: give the handler a shared log there (`redisStreamLog()`).
 */
export { default } from '../stream.js';

/** Vercel reads this from the file itself, so it is declared here rather than re-exported. */
export const config = { runtime: 'edge' };
