# One image for every Lipa service; SERVICE picks which one runs.
# Services run from their TypeScript sources through @swc-node/register (as in development and CI),
# so the image needs no build step and path aliases resolve from tsconfig.base.json.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NX_NO_CLOUD=true NX_DAEMON=false
COPY package.json package-lock.json ./
# Dev dependencies stay: @swc-node/register and @swc/core compile the sources at start.
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
USER node
ENV SERVICE=api-gateway
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${SERVICE}/src/main.ts"]
