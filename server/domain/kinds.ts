/** What sort of arrangement a zone is, and the geometry types that can draw it. */
export const KINDS = [
  'de-escalation-zone',
  'ceasefire-zone',
  'safe-zone',
  'buffer-zone',
  'demilitarised-zone',
  'deconfliction-zone',
  'siege',
  'humanitarian-corridor',
  'security-corridor',
  'observation-post',
] as const
export type Kind = (typeof KINDS)[number]

export type GeometryType =
  | 'Point'
  | 'MultiPoint'
  | 'LineString'
  | 'MultiLineString'
  | 'Polygon'
  | 'MultiPolygon'
  | 'GeometryCollection'

const AREAS: readonly GeometryType[] = ['Polygon', 'MultiPolygon']
const LINES: readonly GeometryType[] = ['LineString', 'MultiLineString']
const POINTS: readonly GeometryType[] = ['Point', 'MultiPoint']

/**
 * Posts are points. Corridors are routes (lines) or bands (polygons), or a crossing point where the
 * route itself was never published. A buffer zone whose width is unknown is drawn by its axis line,
 * and a deconfliction zone may be a line (the 2017 Euphrates deconfliction line). Every other kind is
 * an area, or a collection of parts (an area with its contact line, say).
 */
export function geometryTypesForKind(kind: Kind): readonly GeometryType[] {
  if (kind === 'observation-post') return POINTS
  if (kind === 'humanitarian-corridor' || kind === 'security-corridor') return [...LINES, ...AREAS, ...POINTS]
  if (kind === 'buffer-zone' || kind === 'deconfliction-zone') return [...AREAS, ...LINES, 'GeometryCollection']
  return [...AREAS, 'GeometryCollection']
}
