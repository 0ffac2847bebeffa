# cosell as a container: `docker build -t cosell .`, then `docker run` with DATABASE_URL (or a volume on
# /data for the embedded store) and the configuration in the environment (docs/configuration.md).
# Two stages: the build stage has the dev dependencies and compiles TypeScript; the image that runs has
# only the production dependencies, the compiled code and the migrations, and runs as an unprivileged user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    COSELL_HOST=0.0.0.0 \
    COSELL_PORT=8080 \
    COSELL_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY bin ./bin
# The embedded store (when DATABASE_URL is not set) and its secrets key live on /data: mount a volume there.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Liveness only: /readyz is for the orchestrator's readiness probe (see deploy/kubernetes.yaml).
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.COSELL_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/cosell.js"]
CMD ["start"]
