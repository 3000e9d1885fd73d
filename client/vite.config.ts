import path from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import { governoratesPlugin } from './build/governorates-plugin.ts'

const repoRoot = path.resolve(import.meta.dirname, '..')
/** Where `npm start` proxies the API from during `npx vite --config client/vite.config.ts`. */
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000'

/**
 * The map client: root client/, built into dist/client, which server/routes/client.ts serves at /
 * (the administration, admin.html, at /admin, and the embed, embed.html, at /embed). Assets get content hashes (served with a long
 * cache); the HTML pages are served with no-cache.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: path.join(import.meta.dirname, 'public'),
  plugins: [governoratesPlugin(), adminPagePlugin()],
  build: {
    outDir: path.join(repoRoot, 'dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Chromium, Firefox and Safari support modulepreload: no polyfill code in the entry chunk.
    modulePreload: { polyfill: false },
    // The basemap files are fetched, never inlined, so the page stays small.
    assetsInlineLimit: (file) => (file.endsWith('.json') ? false : undefined),
    rollupOptions: {
      input: { main: path.join(import.meta.dirname, 'index.html'), admin: path.join(import.meta.dirname, 'admin.html'), embed: path.join(import.meta.dirname, 'embed.html') },
    },
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: Object.fromEntries(['/zones', '/parties', '/client-config.json', '/health', '/auth', '/events', '/users', '/audit'].map((prefix) => [prefix, apiTarget])),
  },
})

/** /admin is admin.html and /embed embed.html, as the server serves them (server/routes/client.ts), under `vite` and `vite preview` too. */
function adminPagePlugin(): Plugin {
  const rewrite = (request: { url?: string | undefined }, _response: unknown, next: () => void) => {
    if (request.url && /^\/admin(\?|$)/.test(request.url)) request.url = request.url.replace(/^\/admin/, '/admin.html')
    if (request.url && /^\/embed(\?|$)/.test(request.url)) request.url = request.url.replace(/^\/embed/, '/embed.html')
    next()
  }
  return {
    name: 'truce-atlas-admin-page',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  }
}
