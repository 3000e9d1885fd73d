# The Truce Atlas service, for docker-compose.yml (which pairs it with PostGIS).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# devDependencies are needed to build the client; the image keeps them (tsx runs the server).
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npm run build --if-present
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
CMD ["node", "--import", "tsx", "server/main.ts"]
