# syntax=docker/dockerfile:1
# Precept's image: the API server and the built console on one port, run by an unprivileged user.
#
#   docker build -t precept .
#   docker run -p 3000:3000 -v precept-data:/data precept            # embedded PGlite in /data
#   docker compose up                                                # with PostgreSQL (compose.yaml)
#
# Three stages: `build` installs the workspace from the lockfile and builds the server, the packages
# it uses and the console; `deploy` keeps only the server's production dependencies; the final
# stage is the Node runtime with those files, nothing else (no compiler, no sources, no pnpm).
# docs/operations.md says how each step was verified where no container engine was at hand.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV CI=true
# pnpm at the version package.json names (corepack is leaving Node; npm is not).
RUN npm install --global --no-fund --no-audit pnpm@10.34.9
WORKDIR /repo
# The manifests first: the dependency layer is rebuilt only when one of them changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY packages/schema/package.json packages/schema/
COPY packages/rules/package.json packages/rules/
COPY packages/sdk/package.json packages/sdk/
COPY apps/server/package.json apps/server/
COPY apps/console/package.json apps/console/
COPY bench/package.json bench/
COPY examples/score-outlets/package.json examples/score-outlets/
# The server, the console and what they build from (the root holds TypeScript); not the bench.
RUN pnpm install --frozen-lockfile --filter "precept" --filter "@precept/server..." --filter "@precept/console..."
COPY tsconfig.base.json vitest.shared.ts ./
COPY packages/schema packages/schema
COPY packages/rules packages/rules
COPY apps/server apps/server
COPY apps/console apps/console
# Dependencies first (pnpm orders a recursive run by the workspace graph); the console's build also
# writes its .br and .gz files.
RUN pnpm --filter "@precept/server..." --filter "@precept/console" run build
# A self-contained folder: the server's dist, its production dependencies, the workspace packages
# it uses as their built files.
RUN pnpm --filter @precept/server deploy --prod --legacy /out \
  && cp -r apps/console/dist /out/console

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PRECEPT_DATA_DIR=/data \
    PRECEPT_CONSOLE_DIR=/app/console
WORKDIR /app
# Owned by root and read-only to the server; only /data (PGlite) is its to write.
COPY --from=build /out /app
RUN mkdir -p /data && chown node:node /data
# `node` (uid 1000) comes with the official image.
USER node
VOLUME ["/data"]
EXPOSE 3000
# Ready means: the database answers, is migrated, and the server is not shutting down.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# main.js turns SIGTERM into a graceful shutdown (readiness first, then drain, flush, close).
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
