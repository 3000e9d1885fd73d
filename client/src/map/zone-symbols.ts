import L from 'leaflet'
import type { Kind } from '../../../server/domain/kinds.ts'
import type { Status } from '../../../server/domain/statuses.ts'
import { el, svg } from '../dom.ts'
import { FADED, HATCHED, STATUS_COLOURS, STATUS_DASH, hatchPatternId } from './zone-style.ts'

/**
 * Point symbols drawn as SVG inside a DivIcon (built as DOM nodes, never as an HTML string):
 * a triangle for an observation post, a crossed ring for the centre of a siege, a diamond for a
 * corridor's crossing point, a circle for anything else.
 */

export type SymbolShape = 'post' | 'siege' | 'crossing' | 'point'

export function symbolShapeFor(kind: Kind, isSiegeCentre = false): SymbolShape {
  if (isSiegeCentre || kind === 'siege') return 'siege'
  if (kind === 'observation-post') return 'post'
  if (kind === 'humanitarian-corridor' || kind === 'security-corridor') return 'crossing'
  return 'point'
}

const SIZE = 26

/** The bare SVG of a symbol, also used by the legend. */
export function symbolSvg(shape: SymbolShape, status: Status, size = SIZE): SVGSVGElement {
  const colour = STATUS_COLOURS[status]
  const fill = HATCHED.has(status) ? `url(#${hatchPatternId(status)})` : colour
  const dash = STATUS_DASH[status] ? '3 2' : undefined
  const stroke = { stroke: '#1a1a1a', 'stroke-width': 1.6, 'stroke-dasharray': dash, 'stroke-linejoin': 'round' }
  const body = {
    post: svg('path', { d: 'M13 3 L24 22 L2 22 Z', fill, ...stroke }),
    siege: svg(
      'g',
      {},
      svg('circle', { cx: 13, cy: 13, r: 9.5, fill: '#ffffff', stroke: colour, 'stroke-width': 4, 'stroke-dasharray': dash }),
      svg('path', { d: 'M8 8 L18 18 M18 8 L8 18', stroke: '#1a1a1a', 'stroke-width': 2.4, 'stroke-linecap': 'round' }),
    ),
    crossing: svg('path', { d: 'M13 2 L24 13 L13 24 L2 13 Z', fill, ...stroke }),
    point: svg('circle', { cx: 13, cy: 13, r: 9, fill, ...stroke }),
  }[shape]
  return svg(
    'svg',
    { width: size, height: size, viewBox: `0 0 ${SIZE} ${SIZE}`, 'aria-hidden': 'true', focusable: 'false', class: FADED.has(status) ? 'ta-symbol ta-faded' : 'ta-symbol' },
    body,
  )
}

/** A DivIcon of the symbol; its element gets the zone's data attributes when the marker is added. */
export function symbolIcon(shape: SymbolShape, status: Status, kind: Kind): L.DivIcon {
  return L.divIcon({
    html: el('span', { class: 'ta-symbol-wrap' }, symbolSvg(shape, status)),
    className: `ta-zone-shape ta-marker ta-marker-${shape} ta-status-${status} ta-kind-${kind}`,
    iconSize: [SIZE, SIZE],
    iconAnchor: [SIZE / 2, SIZE / 2],
    tooltipAnchor: [SIZE / 2, 0],
  })
}
