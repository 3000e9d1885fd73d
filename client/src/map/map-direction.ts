import type L from 'leaflet'
import { DIRECTION, t } from '../i18n/index.ts'

/**
 * A control's corner as the page's direction puts it: in a right-to-left page the map's controls
 * swap sides (zoom on the right; the layers and the legend on the left; the scale and the notices
 * at the bottom right), as they do in Arabic map sites, so that what one reads first comes first.
 *
 *   new LegendControl({ position: mirrored('topright') })   // 'topleft' in Arabic
 */
export function mirrored(position: L.ControlPosition, direction: 'ltr' | 'rtl' = DIRECTION): L.ControlPosition {
  if (direction === 'ltr') return position
  return position.endsWith('left') ? (position.replace('left', 'right') as L.ControlPosition) : (position.replace('right', 'left') as L.ControlPosition)
}

/**
 * Leaflet's own words in the page's language: the layer control's button, a popup's close button
 * (it writes them in English, with no option for them) and the scale's units. The zoom buttons'
 * titles are options (see createMap).
 */
export function localiseLeafletText(map: L.Map, layers: L.Control.Layers, scale: L.Control.Scale): void {
  const toggle = layers.getContainer()?.querySelector('.leaflet-control-layers-toggle')
  toggle?.setAttribute('title', t('map.layers'))
  toggle?.setAttribute('aria-label', t('map.layers'))
  map.on('popupopen', (event) => {
    const close = (event as L.PopupEvent).popup.getElement()?.querySelector('.leaflet-popup-close-button')
    close?.setAttribute('aria-label', t('map.closePopup'))
    close?.setAttribute('title', t('map.closePopup'))
  })
  // The scale writes "100 km" on every move; its line is rewritten after it, with the page's units.
  const line = scale.getContainer()?.querySelector<HTMLElement>('.leaflet-control-scale-line')
  if (!line) return
  const units = () => {
    const match = /^(\d+) (k?m)$/.exec(line.textContent ?? '')
    if (match) line.textContent = t(match[2] === 'km' ? 'map.scaleKm' : 'map.scaleM', { length: Number(match[1]) })
  }
  map.on('move', units)
  map.whenReady(units)
}
