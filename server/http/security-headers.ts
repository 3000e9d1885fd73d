import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

export interface SecurityHeadersOptions {
  /** The online tile layer's URL template; its host may serve images. Empty or absent: none. */
  tileUrl?: string
}

/**
 * Security headers on every response, with a strict Content-Security-Policy: scripts and styles only
 * from this origin (no inline script or style), images also from data:/blob: and the tile host,
 * requests only to this origin, no plugins, no framing. /docs (Swagger UI) sets its own policy for
 * its pages (staticCSP in app.ts), which replaces this one there.
 */
export const securityHeaders = fp(
  async function securityHeaders(app: FastifyInstance, options: SecurityHeadersOptions) {
    const tileSource = tileImageSource(options.tileUrl)
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...(tileSource ? [tileSource] : [])],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
        },
      },
      // The API is public and answers any origin (see the CORS plugin); its responses may be embedded.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      // Tile servers such as OpenStreetMap's require a Referer naming the site that uses them.
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    })
  },
  { name: 'security-headers' },
)

/**
 * The headers of answers written before any route or hook runs (a malformed request, an unparsable
 * URL): nothing in them is a page, so the policy allows nothing.
 */
export const BARE_RESPONSE_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-resource-policy': 'cross-origin',
} as const

/**
 * The CSP source of a tile URL template: `https://tile.openstreetmap.org/{z}/{x}/{y}.png` gives
 * `https://tile.openstreetmap.org`, and a `{s}` subdomain becomes a wildcard (`https://*.tile.example.org`).
 * Null for an empty template; throws for one that is not an http(s) URL.
 */
export function tileImageSource(template: string | undefined): string | null {
  if (!template) return null
  const match = /^(https?):\/\/([^/?#]+)/.exec(template)
  if (!match) throw new Error(`TILE_URL must be an http(s) URL template, got ${JSON.stringify(template)}`)
  const host = match[2]!.replace(/\{s\}/g, '*')
  if (!/^(\*\.)?[a-zA-Z0-9.-]+(:\d+)?$/.test(host)) throw new Error(`TILE_URL has a host this service cannot allow in its CSP: ${JSON.stringify(host)}`)
  return `${match[1]}://${host}`
}

/**
 * The policy of /docs (Swagger UI), which replaces the one above there: its scripts, its style sheets
 * and the pages' own (/docs/static/theme) from this origin, and the one `<style>` element Swagger UI's
 * React code writes, allowed by its hash rather than by 'unsafe-inline' (a new Swagger UI that writes
 * another shows as a policy violation in the browser test of /docs). Nothing from elsewhere (the
 * validator badge is switched off), and no framing, as everywhere but /embed.
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
  "form-action 'self'",
].join('; ')
