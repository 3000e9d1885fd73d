import L from 'leaflet'
import type { ClientConfig } from '../api-types.ts'
import { escapeHtml, safeHttpUrl } from '../dom.ts'

/**
 * The optional online tile layer (OpenStreetMap unless the server's TILE_URL says otherwise).
 * Offered in the layer control, off by default: the page never needs it, and the tests never load it.
 * Leaflet's attribution control takes HTML, so the configured text is escaped first.
 */
export function onlineTileLayer(tiles: NonNullable<ClientConfig['tiles']>): L.TileLayer {
  const link = safeHttpUrl(tiles.attributionUrl)
  const text = escapeHtml(tiles.attribution)
  const attribution = link ? `<a href="${escapeHtml(link)}" rel="noopener noreferrer" target="_blank">${text}</a>` : text
  return L.tileLayer(tiles.url, { attribution, maxZoom: 19, crossOrigin: false, referrerPolicy: 'strict-origin-when-cross-origin' })
}
