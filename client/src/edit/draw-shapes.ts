import { geometryTypesForKind, type Kind } from '../../../server/domain/kinds.ts'

/** A part drawn with Leaflet-Geoman's tools. */
export type DrawShape = 'Polygon' | 'Line' | 'Marker'

/** The parts a kind may be drawn with: points for posts, lines (and areas) for corridors, areas otherwise. */
export function drawShapesFor(kind: Kind): DrawShape[] {
  const byType: Partial<Record<string, DrawShape>> = { Polygon: 'Polygon', MultiPolygon: 'Polygon', LineString: 'Line', MultiLineString: 'Line', Point: 'Marker', MultiPoint: 'Marker' }
  const shapes: DrawShape[] = []
  for (const type of geometryTypesForKind(kind)) {
    const shape = byType[type]
    if (shape && !shapes.includes(shape)) shapes.push(shape)
  }
  return shapes
}
