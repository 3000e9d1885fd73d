import type { OgcLink } from '../links.ts'
import type { QueryablesDocument } from '../queryables.ts'
import { html, safeHref, type Html } from './escape.ts'
import { page, type Crumb } from './layout.ts'
import { MATCH_COUNT_CAP } from '../../storage/repositories/zone-features-repository.ts'

/**
 * The HTML pages of /ogc, one function per resource, each taking the same document its JSON form
 * is made from. Every value goes through `html`, which escapes it.
 */

export interface CollectionDocument {
  id: string
  title: string
  description: string
  links: OgcLink[]
  extent?: { spatial?: { bbox: number[][]; crs?: string }; temporal?: { interval: Array<Array<string | null>>; trs?: string } }
}

/** A feature without its geometry, as the HTML pages use it. */
export interface FeatureSummary {
  id: number
  properties: Record<string, unknown>
}

const ROOT_TITLE = 'Truce Atlas OGC API'

function home(root: string): Crumb {
  return { title: ROOT_TITLE, href: `${root}?f=html` }
}

const htmlLink = (links: readonly OgcLink[], rel: string): OgcLink | undefined => links.find((link) => link.rel === rel && link.type === 'text/html')

export function landingPage(document: { title: string; description: string; links: OgcLink[] }): string {
  return page({
    title: ROOT_TITLE,
    crumbs: [],
    links: document.links,
    body: html`<p>${document.description}</p>
<ul>
${document.links.filter((link) => link.rel !== 'self' && link.rel !== 'alternate').map((link) => html`<li><a href="${link.href}">${link.title}</a></li>\n`)}</ul>`,
  })
}

export function conformancePage(root: string, document: { conformsTo: readonly string[] }, links: OgcLink[]): string {
  return page({
    title: 'Conformance',
    crumbs: [home(root)],
    links,
    body: html`<p>The conformance classes this API implements:</p>
<ul>
${document.conformsTo.map((uri) => html`<li><a href="${uri}">${uri}</a></li>\n`)}</ul>`,
  })
}

function extentText(collection: CollectionDocument): Html {
  const bbox = collection.extent?.spatial?.bbox[0]
  const interval = collection.extent?.temporal?.interval[0]
  return html`<dl>
<dt>Spatial extent (west, south, east, north)</dt><dd>${bbox ? bbox.map((edge) => edge.toFixed(4)).join(', ') : 'none: no zone here has a geometry'}</dd>
<dt>Temporal extent</dt><dd>${interval ? `${interval[0]?.slice(0, 10) ?? 'open'} to ${interval[1]?.slice(0, 10) ?? 'now (open)'}` : 'none'}</dd>
</dl>`
}

export function collectionsPage(root: string, document: { collections: CollectionDocument[]; links: OgcLink[] }): string {
  return page({
    title: 'Collections',
    crumbs: [home(root)],
    links: document.links,
    body: html`<table>
<thead><tr><th scope="col">Collection</th><th scope="col">Description</th><th scope="col">Extent</th><th scope="col">Features</th></tr></thead>
<tbody>
${document.collections.map((collection) => {
  const self = htmlLink(collection.links, 'alternate') ?? htmlLink(collection.links, 'self')
  const items = htmlLink(collection.links, 'items')
  return html`<tr><td><a href="${self?.href}">${collection.title}</a></td><td>${collection.description}</td><td>${extentText(collection)}</td><td><a href="${items?.href}">items</a></td></tr>\n`
})}</tbody>
</table>`,
  })
}

export function collectionPage(root: string, collection: CollectionDocument): string {
  return page({
    title: collection.title,
    crumbs: [home(root), { title: 'Collections', href: `${root}/collections?f=html` }],
    links: collection.links,
    body: html`<p>${collection.description}</p>
${extentText(collection)}
<p><a href="${htmlLink(collection.links, 'items')?.href}">The features</a> · <a href="${root}/collections/${collection.id}/queryables?f=html">What a filter may use</a></p>`,
  })
}

export function queryablesPage(root: string, collection: { id: string; title: string }, schema: QueryablesDocument, links: OgcLink[]): string {
  return page({
    title: `Queryables of ${collection.title}`,
    crumbs: [home(root), { title: 'Collections', href: `${root}/collections?f=html` }, { title: collection.title, href: `${root}/collections/${collection.id}?f=html` }],
    links,
    body: html`<p>The properties a <code>filter</code> in CQL2 text may use.</p>
<table>
<thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead>
<tbody>
${Object.entries(schema.properties).map(
  ([name, property]) => html`<tr><td><code>${name}</code></td><td>${property.type ?? property.format ?? ''}${property.format && property.type ? ` (${property.format})` : ''}${property.enum ? html`: ${property.enum.join(', ')}` : ''}</td><td>${property.description}</td></tr>\n`,
)}</tbody>
</table>`,
  })
}

/** A property value for a person: lists for arrays, links for links, a dash for null. */
function valueHtml(value: unknown): Html {
  if (value === null || value === undefined) return html`—`
  if (Array.isArray(value)) {
    if (value.length === 0) return html`none`
    return html`<ul>${value.map((item) => html`<li>${valueHtml(item)}</li>`)}</ul>`
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (typeof record.href === 'string') {
      const href = safeHref(record.href)
      return href ? html`<a href="${href}">${record.rel ?? record.href}</a>` : html`${record.href}`
    }
    if (typeof record.name === 'string' && typeof record.role === 'string') return html`${record.name} (${record.role})`
    return html`${JSON.stringify(value)}`
  }
  return html`${String(value)}`
}

/** A property in a table cell: a list joined by commas, nothing for null. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  return Array.isArray(value) ? value.join(', ') : String(value)
}

export interface ItemsPageOptions {
  root: string
  collection: { id: string; title: string }
  /** The table's columns after the id: a heading and the property each shows. */
  columns: ReadonlyArray<readonly [heading: string, property: string]>
  features: FeatureSummary[]
  /** null when too many match to be counted. */
  numberMatched: number | null
  offset: number
  links: OgcLink[]
  /** When the data last changed. */
  timeStamp: string
  /** The filter and limit as given, to fill the form. */
  filter: string | undefined
  limit: number
}

export function itemsPage(options: ItemsPageOptions): string {
  const { root, collection, features, numberMatched, offset, links } = options
  const itemsPath = `${root}/collections/${collection.id}/items`
  const prev = htmlLink(links, 'prev')
  const next = htmlLink(links, 'next')
  const first = features.length > 0 ? offset + 1 : 0
  return page({
    title: collection.title,
    crumbs: [home(root), { title: 'Collections', href: `${root}/collections?f=html` }, { title: collection.title, href: `${root}/collections/${collection.id}?f=html` }],
    links,
    body: html`<form method="get" action="${itemsPath}">
<input type="hidden" name="f" value="html">
<p><label>Filter (<a href="${root}/collections/${collection.id}/queryables?f=html">CQL2 text</a>)
<input type="text" name="filter" size="60" value="${options.filter ?? ''}" placeholder="status = 'active' AND proposed_on >= DATE('2017-01-01')"></label>
<label>Per page <input type="number" name="limit" min="1" max="10000" value="${options.limit}"></label>
<button type="submit">Show</button></p>
</form>
<p>Features ${first} to ${offset + features.length} of ${numberMatched ?? `more than ${MATCH_COUNT_CAP}`}. Data as of ${options.timeStamp}.</p>
<table>
<thead><tr><th scope="col">Id</th>${options.columns.map(([heading]) => html`<th scope="col">${heading}</th>`)}</tr></thead>
<tbody>
${features.map(
  (feature) => html`<tr><td><a href="${itemsPath}/${feature.id}?f=html">${feature.id}</a></td>${options.columns.map(([, property]) => html`<td>${cellText(feature.properties[property])}</td>`)}</tr>\n`,
)}</tbody>
</table>
${prev || next ? html`<nav aria-label="Pages"><p>${prev ? html`<a href="${prev.href}" rel="prev">Previous page</a> ` : ''}${next ? html`<a href="${next.href}" rel="next">Next page</a>` : ''}</p></nav>` : ''}`,
  })
}

export function featurePage(root: string, collection: { id: string; title: string }, feature: FeatureSummary, links: OgcLink[]): string {
  const named = feature.properties.name ?? feature.properties.title ?? feature.properties.slug
  const name = typeof named === 'string' ? named : `Feature ${feature.id}`
  return page({
    title: name,
    crumbs: [
      home(root),
      { title: 'Collections', href: `${root}/collections?f=html` },
      { title: collection.title, href: `${root}/collections/${collection.id}?f=html` },
      { title: 'Items', href: `${root}/collections/${collection.id}/items?f=html` },
    ],
    links,
    body: html`<dl>
<dt>id</dt><dd>${feature.id}</dd>
${Object.entries(feature.properties).map(([key, value]) => html`<dt>${key}</dt><dd>${valueHtml(value)}</dd>\n`)}</dl>
<p>The geometry is in the <a href="${links.find((link) => link.rel === 'alternate')?.href}">GeoJSON</a> form of this page.</p>`,
  })
}
