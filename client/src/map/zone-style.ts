import type { PathOptions } from 'leaflet'
import type { Kind } from '../../../server/domain/kinds.ts'
import type { Status } from '../../../server/domain/statuses.ts'
import { STATUS_COLOURS } from '../../../server/domain/status-colours.ts'

/**
 * How a zone looks, by status and kind. Colours are the Okabe-Ito palette (status-colours.ts, shared
 * with the KML export), and every status has a second cue that needs no colour: proposed is dashed,
 * suspended hatched, collapsed dotted and faded, ended faded, rejected dash-dotted and faded.
 */

export { STATUS_COLOURS }

export const STATUS_DASH: Record<Status, string | null> = {
  proposed: '8 6',
  agreed: null,
  active: null,
  suspended: null,
  collapsed: '2 5',
  ended: null,
  rejected: '10 4 2 4',
}

/** Faded statuses: the arrangement no longer holds. */
export const FADED: ReadonlySet<Status> = new Set<Status>(['collapsed', 'ended', 'rejected'])

/** The id of the hatch pattern that fills suspended zones (see hatch-patterns.ts). */
export function hatchPatternId(status: Status): string {
  return `ta-hatch-${status}`
}
export const HATCHED: ReadonlySet<Status> = new Set<Status>(['suspended'])

export type ShapeRole = 'area' | 'siege-ring' | 'line' | 'halo' | 'casing'

const CORRIDORS: ReadonlySet<Kind> = new Set<Kind>(['humanitarian-corridor', 'security-corridor'])
export const isCorridor = (kind: Kind): boolean => CORRIDORS.has(kind)

/** The Leaflet path options of one part of a zone. */
export function pathStyle(role: ShapeRole, status: Status): PathOptions {
  const colour = STATUS_COLOURS[status]
  const faded = FADED.has(status)
  const dashArray = STATUS_DASH[status] ?? undefined
  const opacity = faded ? 0.55 : 0.95
  switch (role) {
    case 'halo':
      // A wide, blurred stroke under the outline: the soft edge of an approximate geometry.
      return { color: colour, weight: 12, opacity: faded ? 0.12 : 0.22, fill: false, interactive: false, dashArray: undefined }
    case 'casing':
      // A pale underlay that keeps lines readable on any basemap.
      return { color: '#ffffff', weight: 9, opacity: 0.85, fill: false, interactive: false, lineCap: 'round', lineJoin: 'round' }
    case 'line':
      // A line has no fill to hatch: a suspended line is dash-dotted instead.
      return { color: colour, weight: 5, opacity, fill: false, dashArray: HATCHED.has(status) ? '14 5 3 5' : dashArray, lineCap: 'round', lineJoin: 'round' }
    case 'siege-ring':
      return { ...areaFill(status), color: colour, weight: 7, opacity, dashArray, fillOpacity: HATCHED.has(status) ? 1 : 0.08, lineJoin: 'round' }
    case 'area':
      return { ...areaFill(status), color: colour, weight: status === 'active' ? 3 : 2, opacity, dashArray, lineJoin: 'round' }
  }
}

function areaFill(status: Status): PathOptions {
  if (HATCHED.has(status)) return { fill: true, fillColor: `url(#${hatchPatternId(status)})`, fillOpacity: 1 }
  const fillOpacity = FADED.has(status) ? 0.07 : status === 'proposed' ? 0.12 : status === 'agreed' ? 0.2 : 0.28
  return { fill: true, fillColor: STATUS_COLOURS[status], fillOpacity }
}
