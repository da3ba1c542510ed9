# catalog-bot image: build with the dev dependencies, run with the production ones only.
#
#   docker build -t catalog-bot .
#   docker run -e TELEGRAM_BOT_TOKEN=… -p 8080:8080 -v catalog-bot-data:/data catalog-bot
#
# .ci/image-check replays this file's stages (COPY, RUN, ENV, CMD, HEALTHCHECK) from a clean
# clone without a Docker engine; RUN lines that set up the system (apt-get, install -d) are
# the only ones it skips. Keep the steps in this form so the check keeps meaning something.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: dev dependencies, tsc → dist/ (npm ci runs `prepare`, which builds) ----
FROM ${NODE_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY adapters ./adapters
COPY app ./app
COPY scripts ./scripts
COPY curated ./curated
COPY seeds ./seeds
RUN npm ci --no-audit --no-fund

# ---- prod-deps: production dependencies only (native modules compiled here) ----
FROM ${NODE_IMAGE} AS prod-deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm pkg delete scripts.prepare && npm ci --omit=dev --no-audit --no-fund

# ---- runtime: plain JS, production node_modules, the bundled catalog; non-root ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HTTP_PORT=8080 \
    DATABASE_PATH=/data/catalog-bot.sqlite
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The prebuilt index of the bundled seeds (npm run build): reading a saved index marks it as
# used (its mtime), which only its owner may do, so it belongs to the user the bot runs as.
COPY --from=build --chown=node:node /app/dist/prebuilt ./dist/prebuilt
COPY package.json ./
COPY curated ./curated
COPY seeds ./seeds
RUN install -d -o node -g node /data /app/.cache
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/bundle/start.js"]
