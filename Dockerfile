# Mayday production image: compiled JavaScript on Node 24 LTS, production dependencies only, non-root.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY src/config/defaults.ts ./src/config/defaults.ts
# postinstall runs `prisma generate` into src/data/generated
RUN npm ci
COPY src ./src
COPY agi ./agi
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    AGI_HOST=0.0.0.0 \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY prisma ./prisma
COPY views ./views
COPY dialplan ./dialplan
USER node
EXPOSE 4573 3002
# Migrations are applied at start; `docker run ... node dist/src/cli/run.js <command>` runs the CLI.
CMD ["node", "dist/src/main/server.js"]
