import type { FastifyInstance } from 'fastify'
import type { Geometry } from 'geojson'
import type { Page } from 'playwright-core'
import { STATUS_LABELS } from '../../../client/src/labels.ts'

/** What the map should draw for a date: the API's zones with a geometry, and how many shapes each. */
export interface ExpectedMap {
  /** slug → status of each zone with a geometry. */
  drawn: Record<string, string>
  /** slug → number of elements carrying the zone's class ta-zone-shape (areas, lines, symbols). */
  shapes: Record<string, number>
  /** status → number of zones with a geometry. */
  statusCounts: Record<string, number>
}

interface Feature {
  geometry: Geometry | null
  properties: { slug: string; status: string; kind: string }
}

/** GET /zones?as_of=<date> (all zones now for null), as the map should draw it. */
export async function expectedMap(app: FastifyInstance, date: string | null): Promise<ExpectedMap> {
  const url = date ? `/zones?as_of=${date}` : '/zones'
  const response = await app.inject({ method: 'GET', url })
  if (response.statusCode !== 200) throw new Error(`GET ${url}: HTTP ${response.statusCode} ${response.body}`)
  const expected: ExpectedMap = { drawn: {}, shapes: {}, statusCounts: {} }
  for (const { geometry, properties } of (response.json() as { features: Feature[] }).features) {
    if (!geometry) continue
    expected.drawn[properties.slug] = properties.status
    expected.shapes[properties.slug] = shapeCount(geometry, properties.kind)
    expected.statusCounts[properties.status] = (expected.statusCounts[properties.status] ?? 0) + 1
  }
  return expected
}

/** One area for all the polygons of a zone (and a symbol at a siege's centre), one path per line, one symbol per point. */
function shapeCount(geometry: Geometry, kind: string): number {
  const parts = { polygons: 0, lines: 0, points: 0 }
  const collect = (g: Geometry): void => {
    if (g.type === 'GeometryCollection') g.geometries.forEach(collect)
    else if (g.type === 'Polygon') parts.polygons += 1
    else if (g.type === 'MultiPolygon') parts.polygons += g.coordinates.length
    else if (g.type === 'LineString') parts.lines += 1
    else if (g.type === 'MultiLineString') parts.lines += g.coordinates.length
    else if (g.type === 'Point') parts.points += 1
    else parts.points += g.coordinates.length
  }
  collect(geometry)
  const areas = parts.polygons > 0 ? (kind === 'siege' ? 2 : 1) : 0
  return areas + parts.lines + parts.points
}

/** What is rendered in #map: the status of each zone drawn, the number of its shapes, and the legend's counts. */
export async function renderedMap(page: Page): Promise<ExpectedMap> {
  return page.evaluate(() => {
    const rendered = { drawn: {} as Record<string, string>, shapes: {} as Record<string, number>, statusCounts: {} as Record<string, number> }
    for (const element of Array.from(document.querySelectorAll('#map .ta-zone-shape[data-zone]'))) {
      const slug = element.getAttribute('data-zone')!
      rendered.drawn[slug] = element.getAttribute('data-status') ?? ''
      rendered.shapes[slug] = (rendered.shapes[slug] ?? 0) + 1
    }
    for (const row of Array.from(document.querySelectorAll('.ta-legend-list[aria-label^="Statuses"] li'))) {
      const count = Number(row.querySelector('.ta-legend-count')?.textContent || '0')
      const label = row.querySelector('.ta-legend-label')?.textContent ?? ''
      if (count > 0) rendered.statusCounts[label] = count
    }
    return rendered
  }).then((rendered) => {
    const statusOf = new Map(Object.entries(STATUS_LABELS).map(([status, label]) => [label, status]))
    rendered.statusCounts = Object.fromEntries(Object.entries(rendered.statusCounts).map(([label, count]) => [statusOf.get(label) ?? label, count]))
    return rendered
  })
}

/** The date the map shows, from the URL (null: today). */
export function urlDate(page: Page): string | null {
  return new URL(page.url()).searchParams.get('date')
}

/**
 * The point of #map's container (page coordinates) where a lat/lng is drawn, from the view the
 * map reports (data-view: zoom/lat/lng) and Web Mercator, as Leaflet projects it.
 */
export async function pagePointOf(page: Page, lat: number, lng: number): Promise<{ x: number; y: number }> {
  const { view, box } = await page.evaluate(() => {
    const map = document.getElementById('map')!
    const rect = map.getBoundingClientRect()
    return { view: map.getAttribute('data-view') ?? '', box: { x: rect.left, y: rect.top, width: rect.width, height: rect.height } }
  })
  const [zoom, centreLat, centreLng] = view.split('/').map(Number) as [number, number, number]
  const project = (la: number, ln: number) => {
    const scale = 256 * 2 ** zoom
    const sin = Math.sin((la * Math.PI) / 180)
    return { x: scale * (0.5 + ln / 360), y: scale * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) }
  }
  const p = project(lat, lng)
  const c = project(centreLat, centreLng)
  return { x: box.x + box.width / 2 + (p.x - c.x), y: box.y + box.height / 2 + (p.y - c.y) }
}

/** The colour of the screenshot's pixel at a page point, [r, g, b]. */
export async function pixelAt(page: Page, point: { x: number; y: number }): Promise<number[]> {
  const png = await page.screenshot({ clip: { x: Math.round(point.x), y: Math.round(point.y), width: 1, height: 1 } })
  return page.evaluate(async (bytes) => {
    const image = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }))
    const canvas = new OffscreenCanvas(1, 1)
    const context = canvas.getContext('2d')!
    context.drawImage(image, 0, 0)
    return Array.from(context.getImageData(0, 0, 1, 1).data.slice(0, 3))
  }, Array.from(png))
}

/** The basemap's own colour at a page point: the pixel with the zones' panes hidden. */
export async function basemapPixelAt(page: Page, point: { x: number; y: number }): Promise<number[]> {
  const zonePanes = '#map .leaflet-overlay-pane, #map .leaflet-zone-lines-pane, #map .leaflet-marker-pane, #map .leaflet-tooltip-pane'
  const show = (visibility: string) =>
    page.evaluate(([selector, visibility]) => document.querySelectorAll<HTMLElement>(selector).forEach((pane) => (pane.style.visibility = visibility)), [zonePanes, visibility] as const)
  await show('hidden')
  try {
    return await pixelAt(page, point)
  } finally {
    await show('')
  }
}

export function sameColour(a: number[], b: number[], tolerance = 6): boolean {
  return a.every((channel, i) => Math.abs(channel - b[i]!) <= tolerance)
}

/**
 * A page point inside a zone's rendered shape where that shape is what the pointer hits: for an
 * area, the hit point nearest its middle (where a siege's centre symbol is not); for a line, a point along it.
 */
export async function pointInside(page: Page, slug: string, shape: 'area' | 'line' | 'marker'): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    ([slug, shape]) => {
      const selector = shape === 'marker' ? `#map .ta-marker[data-zone="${slug}"]` : `#map path.ta-${shape}[data-zone="${slug}"]`
      const element = document.querySelector(selector)
      if (!element) return null
      const hits = (x: number, y: number) => element.contains(document.elementFromPoint(x, y))
      const box = element.getBoundingClientRect()
      if (shape === 'line') {
        const path = element as SVGPathElement
        const matrix = path.getScreenCTM()!
        const length = path.getTotalLength()
        for (let i = 1; i < 20; i++) {
          const p = path.getPointAtLength((length * i) / 20)
          const x = matrix.a * p.x + matrix.c * p.y + matrix.e
          const y = matrix.b * p.x + matrix.d * p.y + matrix.f
          if (hits(x, y)) return { x, y }
        }
        return null
      }
      const cx = box.left + box.width / 2
      const cy = box.top + box.height / 2
      if (shape === 'marker') return hits(cx, cy) ? { x: cx, y: cy } : null
      let best: { x: number; y: number; d: number } | null = null
      for (let x = box.left + 2; x < box.right; x += 4) {
        for (let y = box.top + 2; y < box.bottom; y += 4) {
          const d = Math.hypot(x - cx, y - cy)
          if ((!best || d < best.d) && hits(x, y)) best = { x, y, d }
        }
      }
      return best && { x: best.x, y: best.y }
    },
    [slug, shape] as const,
  )
  if (!point) throw new Error(`no point of ${slug}'s ${shape} is under the pointer`)
  return point
}
