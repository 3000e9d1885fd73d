/**
 * The style of the service's own pages (/docs and the HTML pages of /ogc), served as /pages.css:
 * the map's header (colours, type and the link back to the map) over readable text, with the map's
 * colours and fonts (client/src/styles/base.css and layout.css). A file, not inline style, so the
 * pages keep a Content-Security-Policy without 'unsafe-inline'.
 */
export const PAGES_CSS = `:root {
  --ta-text: #1a1a1a;
  --ta-muted: #595959;
  --ta-link: #0b57a4;
  --ta-focus: #0b57d0;
  --ta-border: #c9c4b8;
  --ta-surface: #ffffff;
  --ta-surface-2: #f6f4ee;
  --ta-header: #20313f;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif;
  font-size: 16px;
  line-height: 1.45;
  color: var(--ta-text);
  background: var(--ta-surface);
}
body { margin: 0; }
a { color: var(--ta-link); }
:focus-visible { outline: 3px solid var(--ta-focus); outline-offset: 2px; }
.ta-header {
  display: flex;
  align-items: center;
  gap: 1rem;
  padding: 0.4rem 1rem;
  background: var(--ta-header);
  color: #ffffff;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif;
}
.ta-header .ta-brand { flex: 1; min-width: 0; margin: 0; font-size: 1.25rem; font-weight: 700; }
.ta-header .ta-brand a { color: #ffffff; text-decoration: none; }
.ta-header-links { display: flex; gap: 1rem; }
.ta-header-links a { color: #ffffff; }
.ta-page { max-width: 60rem; margin: 0 auto; padding: 0.5rem 1rem 2rem; }
.ta-page nav ol { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.5rem 0; padding: 0; list-style: none; color: var(--ta-muted); }
.ta-page nav li + li::before { content: '›'; margin-inline-end: 0.4rem; }
.ta-page table { border-collapse: collapse; }
.ta-page th, .ta-page td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--ta-border); text-align: start; vertical-align: top; }
.ta-page footer { margin-top: 2rem; padding-top: 0.5rem; border-top: 1px solid var(--ta-border); }
.ta-page small { color: var(--ta-muted); }
/* Swagger UI: its own top bar gives way to the map's header. */
.swagger-ui .topbar { display: none; }
.swagger-ui, .swagger-ui .info .title, .swagger-ui .opblock-tag { font-family: inherit; }
`

/** The header of the service's pages: the Atlas's name and links back to the map, the API and OGC pages. */
export const PAGE_HEADER_HTML = `<header class="ta-header">
<p class="ta-brand"><a href="/">Truce Atlas</a></p>
<nav class="ta-header-links" aria-label="Service"><a href="/" class="ta-map-link">Back to the map</a><a href="/docs">API</a><a href="/ogc?f=html">OGC API</a></nav>
</header>
`
