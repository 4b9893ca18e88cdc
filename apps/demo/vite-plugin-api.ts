import { existsSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import type { Connect, Plugin } from 'vite';

/** A Web-standard route: what a file in `api/` default-exports (the Vercel and edge runtime convention). */
type RouteHandler = (request: Request) => Response | Promise<Response>;

/** Loads a route module by name (`stream` for `api/stream.ts`); undefined when there is no such route. */
type RouteLoader = (name: string) => Promise<{ default?: unknown } | undefined>;

const ROUTE_DIR = 'api';
const URL_PREFIX = '/api/';
/** Package export conditions of edge runtimes (Vercel Edge's, also what Workers bundlers use), in order. */
const EDGE_CONDITIONS = ['edge-light', 'worker', 'browser', 'module', 'import', 'default'];
/** Where the server build goes unless the config says otherwise (next to the client's `dist/client`). */
const DEFAULT_SERVER_OUT_DIR = 'dist/server';

/** Route names: `api/*.ts` files; `_`-prefixed files and folders are helpers, not routes (as on Vercel). */
function routeNames(apiDir: string): string[] {
  if (!existsSync(apiDir)) return [];
  return readdirSync(apiDir)
    .filter((file) => /^[^_.][\w-]*\.ts$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -'.ts'.length));
}

const jsonError = (status: number, code: string, message: string): Response =>
  Response.json({ error: { code, message } }, { status });

/**
 * Connect middleware that hands `/api/<name>` requests to the route's handler through `getRequestListener`, which
 * streams the response without buffering and aborts `request.signal` when the client disconnects.
 */
function routeMiddleware(load: RouteLoader, onError: (error: Error) => void): Connect.NextHandleFunction {
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith(URL_PREFIX)) return next();
    const name = path.slice(URL_PREFIX.length);
    const handle = async (request: Request): Promise<Response> => {
      const module = /^[\w-]+$/.test(name) ? await load(name) : undefined;
      if (module === undefined) return jsonError(404, 'not-found', `There is no route ${path}.`);
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
 * Serves the Web-standard routes in `api/*.ts` (`export default (request: Request) => Response`) at `/api/*`,
 * the way Vercel deploys them, in `vite` dev and in `vite preview`:
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
      const routes = routeNames(resolve(root, ROUTE_DIR));
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
                output: { entryFileNames: '[name].js' },
              },
            },
          },
        },
      };
    },

    configureServer(server) {
      const apiDir = resolve(server.config.root, ROUTE_DIR);
      const load: RouteLoader = async (name) =>
        routeNames(apiDir).includes(name) ? server.ssrLoadModule(join(apiDir, `${name}.ts`)) : undefined;
      server.middlewares.use(
        routeMiddleware(load, (error) => {
          server.ssrFixStacktrace(error);
          server.config.logger.error(`[api] ${error.stack ?? error.message}`);
        }),
      );
    },

    configurePreviewServer(server) {
      const { config } = server;
      const outDir = resolve(config.root, config.environments.ssr?.build.outDir ?? DEFAULT_SERVER_OUT_DIR);
      const load: RouteLoader = async (name) => {
        const file = join(outDir, `${name}.js`);
        return existsSync(file) ? import(pathToFileURL(file).href) : undefined;
      };
      server.middlewares.use(
        routeMiddleware(load, (error) => config.logger.error(`[api] ${error.stack ?? error.message}`)),
      );
    },
  };
}
