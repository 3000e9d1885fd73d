import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

export interface SecurityHeadersOptions {
  /** The online tile layer's URL template; its host may serve images. Empty or absent: none. */
  tileUrl?: string
}

/** The route options of a page other sites may frame (the embed): see embeddableHeaders. */
export interface EmbeddableHeadersOptions extends SecurityHeadersOptions {
  /** EMBED_FRAME_ANCESTORS: the origins that may frame it, space- or comma-separated; empty: any site. */
  frameAncestors?: string
}

/**
 * Security headers on every response, with a strict Content-Security-Policy: scripts and styles only
 * from this origin (no inline script or style), images also from data:/blob: and the tile host,
 * requests only to this origin, no plugins, no framing (but the embed: embeddableHeaders). /docs (Swagger UI) sets its own policy for
 * its pages (staticCSP in app.ts), which replaces this one there.
 */
export const securityHeaders = fp(
  async function securityHeaders(app: FastifyInstance, options: SecurityHeadersOptions) {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: pageDirectives(options.tileUrl, ["'none'"]) },
      // The API is public and answers any origin (see the CORS plugin); its responses may be embedded.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      // Tile servers such as OpenStreetMap's require a Referer naming the site that uses them.
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    })
  },
  { name: 'security-headers' },
)

/**
 * The helmet options of the one route other sites may frame (`/embed`, as a route's `helmet`
 * option): the same policy as every page but `frame-ancestors` (every site, or the origins listed),
 * and no X-Frame-Options, which would refuse the frame whatever the policy says.
 */
export function embeddableHeaders(options: EmbeddableHeadersOptions) {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: pageDirectives(options.tileUrl, frameAncestorSources(options.frameAncestors)) },
    frameguard: false as const,
  }
}

/** The Content-Security-Policy of a page, allowing these frame ancestors. */
function pageDirectives(tileUrl: string | undefined, frameAncestors: readonly string[]) {
  const tileSource = tileImageSource(tileUrl)
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...(tileSource ? [tileSource] : [])],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: [...frameAncestors],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  }
}

/** An origin a site is served from: http(s), a host (a leading `*.` for its subdomains), an optional port. */
const FRAME_ANCESTOR = /^https?:\/\/(\*\.)?[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*(:\d{1,5})?$/i

/**
 * The `frame-ancestors` sources of EMBED_FRAME_ANCESTORS: `*` (any site) when it is empty, else its
 * origins (`https://news.example.org https://*.example.com:8443`). Throws, naming the setting, for
 * anything else: a path, a keyword or a quote would change what the policy means.
 */
export function frameAncestorSources(setting: string | undefined): string[] {
  const entries = (setting ?? '').split(/[\s,]+/).filter((entry) => entry !== '')
  if (entries.length === 0) return ['*']
  const wrong = entries.find((entry) => !FRAME_ANCESTOR.test(entry))
  if (wrong !== undefined) throw new Error(`EMBED_FRAME_ANCESTORS must list origins such as https://news.example.org, separated by spaces or commas; got ${JSON.stringify(wrong)}`)
  return entries.map((entry) => entry.toLowerCase())
}

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
