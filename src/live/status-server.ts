/**
 * The status endpoint of a live run over HTTP (node:http): `GET /` the page (status-page.ts),
 * `GET /status.json` the status (status.ts), `?hidden=1` adds the labelled hidden model state.
 * Loopback only unless the caller allowed otherwise (options.ts checks the address).
 */
import { createServer, type Server } from 'node:http';
import type { LiveServer } from './server.ts';
import { statusOf } from './status.ts';
import { STATUS_PAGE } from './status-page.ts';

export function startStatus(
  live: LiveServer,
  host: string,
  port: number,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://status');
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
    } else if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(STATUS_PAGE);
    } else if (url.pathname === '/status.json') {
      const body = JSON.stringify(statusOf(live, { hidden: url.searchParams.get('hidden') === '1' }));
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
    } else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      resolve({
        server,
        port: typeof a === 'object' && a !== null ? a.port : port,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
