import type { CircleMarkerOptions, PathOptions } from 'leaflet'
import type { Status } from '../../../server/domain/statuses.ts'
import { FADED, HATCHED, STATUS_COLOURS, pathStyle } from './zone-style.ts'

/**
 * How a zone looks on the canvas of a large collection: the same colours and dashes as on the SVG
 * map (zone-style.ts), without what a canvas cannot do cheaply (blurred halos, CSS states). The
 * hatching of suspended zones becomes a canvas pattern; hovered and selected zones get a heavier
 * outline instead of their CSS classes.
 */

export type CanvasRole = 'area' | 'siege-ring' | 'line' | 'point'
export type Emphasis = 'hovered' | 'selected' | null

const SELECTED_OUTLINE = '#1a1a1a'

/**
 * Thinner outlines than on the SVG map: thousands of zones are small at the zooms they are seen
 * together, and thin lines cost the canvas less (10,000 zones drew in 47 ms rather than 58).
 * Active zones and siege rings keep a heavier line than the rest.
 */
const CANVAS_WEIGHTS: Record<Exclude<CanvasRole, 'point'>, (status: Status) => number> = {
  area: (status) => (status === 'active' ? 2 : 1),
  'siege-ring': () => 3,
  line: () => 3,
}

export function canvasPathStyle(role: CanvasRole, status: Status, emphasis: Emphasis = null): CircleMarkerOptions {
  const base = role === 'point' ? pointStyle(status) : { ...pathStyle(role, status), ...(role === 'line' ? {} : hatchedFill(status)), weight: CANVAS_WEIGHTS[role](status) }
  if (emphasis === 'hovered') return { ...base, weight: (base.weight ?? 2) + 2, opacity: 1 }
  if (emphasis === 'selected') return { ...base, color: SELECTED_OUTLINE, weight: (base.weight ?? 2) + 2, opacity: 1, dashArray: undefined }
  return base
}

function pointStyle(status: Status): CircleMarkerOptions {
  const faded = FADED.has(status)
  return { radius: 6, color: '#1a1a1a', weight: 1.5, opacity: faded ? 0.55 : 1, fill: true, fillColor: STATUS_COLOURS[status], fillOpacity: faded ? 0.5 : 0.9 }
}

/** A suspended zone's fill: the SVG map's url(#hatch) means nothing to a canvas. */
function hatchedFill(status: Status): PathOptions {
  if (!HATCHED.has(status)) return {}
  const pattern = hatchPattern(status)
  // Leaflet's canvas renderer assigns fillColor to the context's fillStyle, which takes a pattern too.
  return pattern ? { fillColor: pattern as unknown as string, fillOpacity: 1 } : { fillColor: STATUS_COLOURS[status], fillOpacity: 0.25 }
}

const patterns = new Map<Status, CanvasPattern | null>()

/** Diagonal stripes in the status colour over a light wash, like the SVG pattern (hatch-patterns.ts). */
function hatchPattern(status: Status): CanvasPattern | null {
  if (patterns.has(status)) return patterns.get(status)!
  const size = 8
  const tile = document.createElement('canvas')
  tile.width = size
  tile.height = size
  const context = tile.getContext('2d')
  let pattern: CanvasPattern | null = null
  if (context) {
    const colour = STATUS_COLOURS[status]
    context.globalAlpha = 0.12
    context.fillStyle = colour
    context.fillRect(0, 0, size, size)
    context.globalAlpha = 0.8
    context.strokeStyle = colour
    context.lineWidth = 2
    // One stripe corner to corner plus the two corner pieces, so the tile repeats seamlessly.
    context.beginPath()
    for (const offset of [-size, 0, size]) {
      context.moveTo(offset, size)
      context.lineTo(offset + size, 0)
    }
    context.stroke()
    pattern = context.createPattern(tile, 'repeat')
  }
  patterns.set(status, pattern)
  return pattern
}
