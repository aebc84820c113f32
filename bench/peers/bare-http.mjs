// A bare node:http server that serves fixed bytes, the ceiling for any Node.js server.
// Usage: node bench/peers/bare-http.mjs PORT ROUTES_JSON
// ROUTES_JSON lists {path, contentType, bodyBase64}; the query string is ignored.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [port, routesFile] = process.argv.slice(2);
const routes = new Map(
  JSON.parse(readFileSync(routesFile, 'utf8')).map((route) => [route.path, { contentType: route.contentType, body: Buffer.from(route.bodyBase64, 'base64') }]),
);

const server = http.createServer((req, res) => {
  const queryStart = req.url.indexOf('?');
  const route = routes.get(queryStart === -1 ? req.url : req.url.slice(0, queryStart));
  if (!route || req.method !== 'GET') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': route.contentType, 'Content-Length': route.body.length });
  res.end(route.body);
});

server.keepAliveTimeout = 5_000;
server.listen(Number(port), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
