import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';

/** Serves a Web-standard route `(Request) => Response` on 127.0.0.1, as Node hosts an edge route. */
export async function serveRoute(route: (request: Request) => Response | Promise<Response>) {
  const server = createServer(getRequestListener(route));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/stream`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
