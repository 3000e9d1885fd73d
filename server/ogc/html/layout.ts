import type { OgcLink } from '../links.ts'
import { PAGE_HEADER_HTML } from '../../pages/page-style.ts'
import { html, raw, type Html } from './escape.ts'

/**
 * The frame of every HTML page of /ogc: plain, semantic markup with no script and no inline style,
 * so it works under the server's strict Content-Security-Policy; the map's header (with the link
 * back to it), its style sheet (/pages.css) and icon. Every link of the resource is
 * listed at the foot of the page (the HTML conformance class wants them all as <a> elements).
 */
export interface Crumb {
  title: string
  href?: string
}

export interface PageOptions {
  title: string
  /** From the landing page down to the parent of this page. */
  crumbs: Crumb[]
  links: OgcLink[]
  body: Html
}

export function page({ title, crumbs, links, body }: PageOptions): string {
  const alternates = links.filter((link) => link.rel === 'alternate')
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Truce Atlas OGC API</title>
<link rel="stylesheet" href="/pages.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${alternates.map((link) => html`<link rel="alternate" type="${link.type}" href="${link.href}">\n`)}</head>
<body>
${raw(PAGE_HEADER_HTML)}<div class="ta-page">
<nav aria-label="Breadcrumb"><ol>
${crumbs.map((crumb) => html`<li>${crumb.href ? html`<a href="${crumb.href}">${crumb.title}</a>` : crumb.title}</li>\n`)}<li aria-current="page">${title}</li>
</ol></nav>
<main>
<h1>${title}</h1>
${body}
</main>
<footer>
<h2>Links</h2>
${linkList(links)}
</footer>
</div>
</body>
</html>
`}`
}

/** A list of links, each with its relation and media type. */
export function linkList(links: readonly OgcLink[]): Html {
  return html`<ul>
${links.map((link) => html`<li><a href="${link.href}" type="${link.type}">${link.title}</a> <small>(${link.rel}, ${link.type})</small></li>\n`)}</ul>`
}
