# Container image of workload-api-fake.
#
#   docker build -t workload-api-fake .
#   docker run --rm -p 8080:8080 workload-api-fake
#
# Both stages start from BASE_IMAGE. Pass --build-arg BASE_IMAGE=... to use a mirror or a
# pinned digest of a Node.js 20 image; scripts/docker-smoke.sh passes a local stand-in.
# The file uses no BuildKit-only syntax, so the classic builder of Docker 20.10 builds it.
ARG BASE_IMAGE=node:20-bookworm-slim

# ---- build stage: compile TypeScript, then keep only the production dependencies ----
FROM ${BASE_IMAGE} AS build
WORKDIR /app

# Optional extra CA certificates for npm. On a network that intercepts TLS, npm reaches the
# registry only if it trusts that network's CA. Put that CA as a PEM file named build-ca.pem
# in the build context (the repository root; keep it out of git), and `npm ci` below reads
# it through NODE_EXTRA_CA_CERTS, which adds it to Node's built-in CA list. Without the file,
# the [m] pattern matches nothing, COPY copies only the package files and npm trusts Node's
# built-in CAs alone. The runtime stage copies named folders from this stage and never
# build-ca.pem, so the file stays out of the final image. A file is used instead of a
# BuildKit secret mount because the classic builder of Docker 20.10 has no secret mounts.
COPY package.json package-lock.json build-ca.pe[m] ./
RUN if [ -s build-ca.pem ]; then export NODE_EXTRA_CA_CERTS="$PWD/build-ca.pem"; fi \
 && npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build also writes the spec and the built-in scenarios as JSON into dist/, so it
# reads spec/ and fixtures/ too.
COPY spec ./spec
COPY fixtures ./fixtures
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime stage: production dependencies, compiled code, spec and scenarios ----
FROM ${BASE_IMAGE} AS runtime
WORKDIR /app

# Settings read by dist/cli.js; `docker run -e NAME=value` overrides any of them, and
# `node dist/cli.js --help` describes each one:
#   PORT, HOST          where the server listens (set below)
#   FAKE_SCENARIO       scenario loaded at start, default "default"
#   FAKE_FIXTURES       extra folder of scenario files, for example a mounted volume
#   FAKE_SEED           seed for repeatable ids, default random
#   FAKE_CLOCK          fixed ISO 8601 start instant, each write moves it 1 s
#   FAKE_AUTH           on or off, default on
#   FAKE_LOG_LEVEL      trace, debug, info, warn, error or silent, default info
#   FAKE_BODY_LIMIT     largest request body in bytes
#   FAKE_JOURNAL_LIMIT  journal entries kept per namespace
#   FAKE_CONTROL        on or off: serve the /_fake control API (the health check needs on)
#   FAKE_RESPONSE_VALIDATION  strict, warn or off, default strict
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0

# The application files stay owned by root and read-only for the server process.
COPY package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY spec ./spec
COPY fixtures ./fixtures

# uid 1000 is the "node" user of the official Node.js images. The numeric form also works on
# bases without that user, and lets Kubernetes verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080

# Uses the global fetch of Node.js 20, so the image needs no curl or wget.
# NOTE: the check calls 127.0.0.1, so it fails when HOST is set to an address that excludes
# loopback, such as the container's own external IP.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/_fake/health', { signal: AbortSignal.timeout(4000) }).then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "dist/cli.js"]
