# The Truce Atlas service, for docker-compose.yml (which pairs it with PostGIS).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# devDependencies build the client (Vite); they are pruned once the client and server are built.
# The command-line tools (npm run user, export, import) run under tsx, a dependency.
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
# As `npm start` runs it: the bundled server, with the heap settings the benchmarks were measured with (BENCHMARKS.md).
CMD ["node", "--max-old-space-size=192", "--heap-growing-percent=250", "--enable-source-maps", "dist/server/main.js"]
