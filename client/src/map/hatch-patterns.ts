import { STATUSES } from '../../../server/domain/statuses.ts'
import { svg } from '../dom.ts'
import { STATUS_COLOURS, hatchPatternId } from './zone-style.ts'

/**
 * Adds the SVG hatch patterns (one per status, used for suspended zones) to the document once.
 * Paths in Leaflet's SVG renderer and in legend swatches refer to them as `fill="url(#ta-hatch-…)"`;
 * ids are document-wide, so one hidden <svg> serves every other SVG on the page.
 */
export function ensureHatchPatterns(doc: Document = document): void {
  if (doc.getElementById('ta-hatch-patterns')) return
  const defs = svg('defs')
  for (const status of STATUSES) {
    const colour = STATUS_COLOURS[status]
    defs.appendChild(
      svg(
        'pattern',
        { id: hatchPatternId(status), width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        svg('rect', { width: 8, height: 8, fill: colour, 'fill-opacity': 0.12 }),
        svg('line', { x1: 0, y1: 0, x2: 0, y2: 8, stroke: colour, 'stroke-width': 3, 'stroke-opacity': 0.8 }),
      ),
    )
  }
  const holder = svg('svg', { id: 'ta-hatch-patterns', class: 'ta-svg-defs', width: 0, height: 0, 'aria-hidden': 'true', focusable: 'false' }, defs)
  doc.body.appendChild(holder)
}
