import type { FastifyRequest } from 'fastify'
import { baseUrl, urlWith } from '../http/base-url.ts'
import type { OgcFormat } from './format.ts'

/** Links of OGC API responses: every link says its media type, and HTML links carry f=html. */
export interface OgcLink {
  href: string
  rel: string
  type: string
  title: string
}

export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  html: 'text/html',
  schema: 'application/schema+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
} as const

export const QUERYABLES_REL = 'http://www.opengis.net/def/rel/ogc/1.0/queryables'

/** Builds the links of one request: absolute URLs under PUBLIC_URL (or the request's host). */
export class LinkBuilder {
  readonly root: string

  constructor(
    private readonly request: FastifyRequest,
    publicUrl: string | undefined,
  ) {
    this.root = baseUrl(request, publicUrl)
  }

  /** An absolute URL under /ogc; `html` adds f=html. */
  url(path: string, html = false): string {
    return `${this.root}/ogc${path}${html ? '?f=html' : ''}`
  }

  link(rel: string, path: string, format: 'json' | 'geojson' | 'html' | 'schema' | 'openapi', title: string): OgcLink {
    return { href: this.url(path, format === 'html'), rel, type: MEDIA[format], title }
  }

  /** This request's URL with some query parameters changed, for self, next and prev. */
  here(changes: Record<string, string | undefined> = {}): string {
    return urlWith(this.request, this.root, changes)
  }

  /**
   * `self` in the format served and `alternate` in the other one; both keep every query parameter.
   * `jsonType` is the media type of the JSON form (GeoJSON for features).
   */
  selfAndAlternate(format: OgcFormat, jsonType: string, title: string): OgcLink[] {
    const json = { href: this.here(format === 'json' ? {} : { f: 'json' }), type: jsonType, title: `${title} as JSON` }
    const html = { href: this.here({ f: 'html' }), type: MEDIA.html, title: `${title} as HTML` }
    return format === 'json' ? [{ ...json, rel: 'self' }, { ...html, rel: 'alternate' }] : [{ ...html, rel: 'self' }, { ...json, rel: 'alternate' }]
  }
}
