import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import { xmlText } from './xml-text.ts'

const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom'

/** A change as GET /changes gives it (the members the feed writes). */
export interface FeedChange {
  id: string
  type: string
  date: string
  zone: { id: number; slug: string; name: string } | null
  agreement: { id: number; slug: string; title: string } | null
  from_status: string | null
  to_status: string | null
  reason: string | null
  area_gained_km2: number | null
  area_lost_km2: number | null
  sources: ReadonlyArray<{ title: string; url: string | null }>
  recorded_at: string
}

export interface FeedDescription {
  /** The feed's own tag: URI (see changeTagUri). */
  id: string
  title: string
  /** When the feed last changed: its newest entry's recorded_at (RFC 3339). */
  updated: string
  /** Absolute URL of the API root, for the entries' links. */
  root: string
  /** The feed's own address (rel=self). */
  self: string
  /** Where people read the same changes: the map, and /changes when the feed has a window. */
  alternates: ReadonlyArray<{ href: string; type: string }>
}

/**
 * tag: URIs (RFC 4151) of the feed and its entries: the host the Atlas answers at and the change's
 * own stable id, so an entry keeps its id across reads, filters and pages.
 *
 *   changeTagUri('atlas.example.org', 'status:17') // 'tag:atlas.example.org,2026:changes/status:17'
 */
export const changeTagUri = (host: string, specific: string): string => `tag:${host},2026:changes${specific ? `/${specific}` : ''}`

/** The entry's title: what changed, in a line. */
export function changeTitle(change: FeedChange): string {
  const subject = change.zone?.name ?? change.agreement?.title ?? 'Unknown'
  switch (change.type) {
    case 'agreement':
      return `${change.agreement?.title ?? subject}: signed`
    case 'boundary':
      return `${subject}: boundary changed (+${change.area_gained_km2 ?? 0} km², -${change.area_lost_km2 ?? 0} km²)`
    case 'appeared':
      return `${subject}: appeared as ${change.to_status}`
    default:
      return `${subject}: ${change.from_status} -> ${change.to_status}`
  }
}

/** The entry's summary, plain text: the reason, the agreement it follows from, and the sources. */
export function changeSummary(change: FeedChange): string {
  const parts = [change.reason ?? '']
  if (change.agreement && change.type !== 'agreement') parts.push(`Following ${change.agreement.title}.`)
  if (change.sources.length > 0) parts.push(`Sources: ${change.sources.map((source) => (source.url ? `${source.title} (${source.url})` : source.title)).join('; ')}.`)
  return parts.filter(Boolean).join(' ')
}

const link = (xml: XMLBuilder, attributes: Record<string, string>) => xml.ele('link', Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, xmlText(value)]))).up()

function writeEntry(feed: XMLBuilder, change: FeedChange, host: string, root: string): void {
  const entry = feed.ele('entry')
  entry.ele('id').txt(xmlText(changeTagUri(host, change.id))).up()
  entry.ele('title', { type: 'text' }).txt(xmlText(changeTitle(change))).up()
  entry.ele('updated').txt(change.recorded_at).up()
  entry.ele('published').txt(`${change.date}T00:00:00Z`).up()
  entry.ele('summary', { type: 'text' }).txt(xmlText(changeSummary(change))).up()
  if (change.zone) {
    const query = new URLSearchParams({ zone: change.zone.slug, date: change.date })
    link(entry, { rel: 'alternate', type: 'text/html', href: `${root}/?${query}` })
    link(entry, { rel: 'related', type: 'application/geo+json', href: `${root}/zones/${change.zone.id}` })
  }
  if (change.agreement) {
    link(entry, { rel: change.zone ? 'related' : 'alternate', type: 'application/geo+json', href: `${root}/agreements/${encodeURIComponent(change.agreement.slug)}` })
  }
  entry.ele('category', { term: change.type }).up()
  entry.up()
}

/** The changes as an Atom 1.0 feed document (RFC 4287), entries in the order given. */
export function changesAtom(description: FeedDescription, changes: readonly FeedChange[]): string {
  const host = new URL(description.root).hostname
  const feed = create({ version: '1.0', encoding: 'utf-8' }).ele(ATOM_NAMESPACE, 'feed')
  feed.ele('id').txt(xmlText(description.id)).up()
  feed.ele('title', { type: 'text' }).txt(xmlText(description.title)).up()
  feed.ele('updated').txt(description.updated).up()
  feed.ele('author').ele('name').txt('Truce Atlas').up().ele('uri').txt(xmlText(description.root)).up().up()
  feed.ele('generator', { uri: xmlText(description.root) }).txt('Truce Atlas').up()
  link(feed, { rel: 'self', type: 'application/atom+xml', href: description.self })
  for (const alternate of description.alternates) link(feed, { rel: 'alternate', ...alternate })
  for (const change of changes) writeEntry(feed, change, host, description.root)
  return feed.end({ prettyPrint: true })
}
