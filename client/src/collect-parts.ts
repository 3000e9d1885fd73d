import type { Geometry, Position } from 'geojson'

export interface Parts {
  polygons: Position[][][]
  lines: Position[][]
  points: Position[]
}

/** Sorts a geometry's parts (collections included) into polygons, lines and points; the shape editor uses it too. */
export function collectParts(geometry: Geometry, parts: Parts): void {
  switch (geometry.type) {
    case 'Polygon':
      parts.polygons.push(geometry.coordinates)
      break
    case 'MultiPolygon':
      parts.polygons.push(...geometry.coordinates)
      break
    case 'LineString':
      parts.lines.push(geometry.coordinates)
      break
    case 'MultiLineString':
      parts.lines.push(...geometry.coordinates)
      break
    case 'Point':
      parts.points.push(geometry.coordinates)
      break
    case 'MultiPoint':
      parts.points.push(...geometry.coordinates)
      break
    case 'GeometryCollection':
      for (const child of geometry.geometries) collectParts(child, parts)
      break
  }
}
