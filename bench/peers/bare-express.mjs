// A bare Express 5 app that serves fixed bytes, the ceiling for an Express-based server.
// Usage: node bench/peers/bare-express.mjs PORT ROUTES_JSON
// ROUTES_JSON lists {path, contentType, bodyBase64}; each path gets one GET route.
import { readFileSync } from 'node:fs';
import express from 'express';

const [port, routesFile] = process.argv.slice(2);
const routes = JSON.parse(readFileSync(routesFile, 'utf8'));

const app = express();
// The fake turns off the same two features, so neither sends X-Powered-By or an ETag.
app.disable('x-powered-by');
app.set('etag', false);
for (const route of routes) {
  const body = Buffer.from(route.bodyBase64, 'base64');
  app.get(route.path, (req, res) => {
    res.set('Content-Type', route.contentType);
    res.send(body);
  });
}

const server = app.listen(Number(port), '127.0.0.1');
server.keepAliveTimeout = 5_000;
process.once('SIGTERM', () => server.close(() => process.exit(0)));
