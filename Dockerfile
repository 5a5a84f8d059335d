# KSeF sessions GraphQL gateway. Multi-stage: compile TypeScript with the full toolchain, then run
# the compiled output on a slim image with production dependencies only.
#   docker build -t ksef-graphql-gateway .
#   docker run --rm -p 4000:4000 -e KSEF_ENV=test ksef-graphql-gateway
# Without KSEF_ENV/KSEF_API_URL the container runs in sandbox mode with the embedded simulator.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY scripts ./scripts
RUN npx tsc -p tsconfig.build.json

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM from `docker stop` drains in-flight operations (SHUTDOWN_TIMEOUT_MS) and exits 0.
CMD ["node", "dist/src/main.js"]
