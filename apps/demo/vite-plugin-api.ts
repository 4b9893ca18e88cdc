import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import type { Connect, Plugin } from 'vite';
import { matchRoute, routeNames } from './api-route-table.js';

/** A Web-standard route: what a file in `api/` default-exports (the Vercel and edge runtime convention). */
type RouteHandler = (request: Request) => Response | Promise<Response>;

/** The routes there are now, by name (`stream/[id]` for `api/stream/[id].ts`), and how to load one of them. */
interface RouteSource {
  names(): string[];
  load(name: string): Promise<{ default?: unknown }>;
}

const ROUTE_DIR = 'api';
const URL_PREFIX = '/api/';
/** Package export conditions of edge runtimes (Vercel Edge's, also what Workers bundlers use), in order. */
const EDGE_CONDITIONS = ['edge-light', 'worker', 'browser', 'module', 'import', 'default'];
/** Where the server build goes unless the config says otherwise (next to the client's `dist/client`). */
const DEFAULT_SERVER_OUT_DIR = 'dist/server';

const jsonError = (status: number, code: string, message: string): Response =>
  Response.json({ error: { code, message } }, { status });

/**
 * Connect middleware that hands `/api/…` requests to the route's handler through `getRequestListener`, which
 * streams the response without buffering and aborts `request.signal` when the client disconnects.
 */
function routeMiddleware(routes: RouteSource, onError: (error: Error) => void): Connect.NextHandleFunction {
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith(URL_PREFIX)) return next();
    const handle = async (request: Request): Promise<Response> => {
      const name = matchRoute(routes.names(), path.slice(URL_PREFIX.length));
      if (name === undefined) return jsonError(404, 'not-found', `There is no route ${path}.`);
      const module = await routes.load(name);
      if (typeof module.default !== 'function') {
        return jsonError(500, 'internal', `${ROUTE_DIR}/${name}.ts does not default-export a handler.`);
      }
      return (module.default as RouteHandler)(request);
    };
    const listener = getRequestListener(handle, {
      errorHandler: (error) => {
        onError(error instanceof Error ? error : new Error(String(error)));
        return jsonError(500, 'internal', 'The route failed; see the server log.');
      },
    });
    void listener(req, res);
  };
}

/**
 * Serves the Web-standard routes in `api/` (`export default (request: Request) => Response`) at `/api/*`, the way
 * Vercel deploys them, in `vite` dev and in `vite preview`: `api/stream.ts` at `/api/stream`, and a `[param]`
 * file or folder at any one segment (`api/stream/[id].ts` at `/api/stream/<id>`), a fixed name winning over it.
 *
 * - dev: each request loads the route with `ssrLoadModule`, so edits apply without a restart;
 * - build: the routes are a second build environment (`ssr`), bundled to `dist/server/<name>.js` by the same
 *   `vite build` (the plugin turns on Vite's app builder);
 * - preview: requests are handed to those bundles.
 *
 * @example
 * ```ts
 * export default defineConfig({ plugins: [react(), apiRoutes()], build: { outDir: 'dist/client' } });
 * ```
 */
export function apiRoutes(): Plugin {
  return {
    name: 'tokenflow:api-routes',

    config(config, { command }) {
      const root = resolve(config.root ?? process.cwd());
      const routes = routeNames(resolve(root, ROUTE_DIR), '.ts');
      const serverOutDir = config.environments?.ssr?.build?.outDir ?? DEFAULT_SERVER_OUT_DIR;
      return {
        // `vite build` (and `createBuilder().buildApp()`) then builds every environment: the page and the routes.
        builder: {},
        environments: {
          ssr: {
            // Built routes carry their dependencies and pick their packages' edge builds, as an edge deployment
            // does: dist/server needs no node_modules and nothing Node-only.
            ...(command === 'build' && { resolve: { noExternal: true, conditions: EDGE_CONDITIONS } }),
            build: {
              outDir: serverOutDir,
              emptyOutDir: true,
              rolldownOptions: {
                input: Object.fromEntries(routes.map((name) => [name, resolve(root, ROUTE_DIR, `${name}.ts`)])),
                output: {
                  entryFileNames: '[name].js',
                  // Code shared by routes goes to `_chunks/`: `_`-prefixed, so preview does not take it for a route.
                  chunkFileNames: '_chunks/[name]-[hash].js',
                  // The default sanitizer turns `[id]` into `_id_`; preview finds a route by its file name.
                  sanitizeFileName: (name) => name.replace(/[^\w\-./[\]]/g, '_'),
                },
              },
            },
          },
        },
      };
    },

    configureServer(server) {
      const apiDir = resolve(server.config.root, ROUTE_DIR);
      // Listed at each request, so a route added while the server runs is served without a restart.
      const routes: RouteSource = {
        names: () => routeNames(apiDir, '.ts'),
        load: (name) => server.ssrLoadModule(join(apiDir, `${name}.ts`)),
      };
      server.middlewares.use(
        routeMiddleware(routes, (error) => {
          server.ssrFixStacktrace(error);
          server.config.logger.error(`[api] ${error.stack ?? error.message}`);
        }),
      );
    },

    configurePreviewServer(server) {
      const { config } = server;
      const outDir = resolve(config.root, config.environments.ssr?.build.outDir ?? DEFAULT_SERVER_OUT_DIR);
      // Routes import the modules they share (`api/stream/[id].ts` imports `api/stream.ts`) from one file, so they
      // share its instances too: one stream handler, one log.
      const routes: RouteSource = {
        names: () => routeNames(outDir, '.js'),
        load: (name) => import(pathToFileURL(join(outDir, `${name}.js`)).href),
      };
      server.middlewares.use(
        routeMiddleware(routes, (error) => config.logger.error(`[api] ${error.stack ?? error.message}`)),
      );
    },
  };
}
