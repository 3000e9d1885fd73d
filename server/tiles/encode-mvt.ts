import type { Geometry, Position } from 'geojson'
import { PbfWriter } from 'pbf'

/**
 * Encodes one Mapbox Vector Tile layer (MVT 2.1) from features already in tile coordinates
 * (integers from 0 to `extent`, y down, clipped). PostgreSQL does this itself with ST_AsMVT; the
 * embedded database (PGlite) is built without protobuf-c, so there the tile repository asks it for
 * the same clipped, snapped geometry as GeoJSON and this function writes the protobuf.
 *
 *   encodeMvtLayer('zones', [{ id: 7, properties: { slug: 'x' }, geometry: { type: 'Point', coordinates: [10, 20] } }])
 *
 * Exterior rings are written with positive area in tile coordinates and holes with negative area,
 * as the specification requires, whatever their winding on the way in. Empty when no feature has a
 * geometry left.
 */
export interface TileFeature {
  id: number
  properties: Record<string, string>
  geometry: Geometry
}

const enum GeomType {
  Point = 1,
  LineString = 2,
  Polygon = 3,
}

const MOVE_TO = 1
const LINE_TO = 2
const CLOSE_PATH = 7

const command = (id: number, count: number) => (id & 0x7) | (count << 3)
const zigzag = (value: number) => (value << 1) ^ (value >> 31)

/** Twice the signed area by the surveyor's formula, sum of (x1 - x2)(y1 + y2): positive is clockwise with y down. */
function ringArea(ring: readonly Position[]): number {
  let sum = 0
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    sum += (ring[previous]![0]! - ring[index]![0]!) * (ring[previous]![1]! + ring[index]![1]!)
  }
  return sum
}

/** The ring without its closing point and repeated points; null when fewer than 3 remain. */
function openRing(ring: readonly Position[]): Position[] | null {
  const points = ring.filter((point, index) => index === 0 || point[0] !== ring[index - 1]![0] || point[1] !== ring[index - 1]![1])
  if (points.length > 1 && points[0]![0] === points[points.length - 1]![0] && points[0]![1] === points[points.length - 1]![1]) points.pop()
  return points.length >= 3 ? points : null
}

class GeometryWriter {
  readonly commands: number[] = []
  private x = 0
  private y = 0

  private to(point: Position): void {
    const x = Math.round(point[0]!)
    const y = Math.round(point[1]!)
    this.commands.push(zigzag(x - this.x), zigzag(y - this.y))
    this.x = x
    this.y = y
  }

  points(points: readonly Position[]): void {
    if (points.length === 0) return
    this.commands.push(command(MOVE_TO, points.length))
    for (const point of points) this.to(point)
  }

  line(points: readonly Position[]): void {
    if (points.length < 2) return
    this.commands.push(command(MOVE_TO, 1))
    this.to(points[0]!)
    this.commands.push(command(LINE_TO, points.length - 1))
    for (const point of points.slice(1)) this.to(point)
  }

  ring(points: readonly Position[]): void {
    this.line(points)
    this.commands.push(command(CLOSE_PATH, 1))
  }

  polygon(rings: readonly Position[][]): void {
    rings.forEach((ring, index) => {
      const open = openRing(ring)
      if (!open || ringArea(open) === 0) return
      const exterior = index === 0
      if (exterior !== ringArea(open) > 0) open.reverse()
      this.ring(open)
    })
  }
}

/** The geometry's MVT type and commands; null for what a tile cannot hold or nothing left. */
function encodeGeometry(geometry: Geometry): { type: GeomType; commands: number[] } | null {
  const writer = new GeometryWriter()
  let type: GeomType
  switch (geometry.type) {
    case 'Point':
      writer.points([geometry.coordinates])
      type = GeomType.Point
      break
    case 'MultiPoint':
      writer.points(geometry.coordinates)
      type = GeomType.Point
      break
    case 'LineString':
      writer.line(geometry.coordinates)
      type = GeomType.LineString
      break
    case 'MultiLineString':
      for (const line of geometry.coordinates) writer.line(line)
      type = GeomType.LineString
      break
    case 'Polygon':
      writer.polygon(geometry.coordinates)
      type = GeomType.Polygon
      break
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) writer.polygon(polygon)
      type = GeomType.Polygon
      break
    default:
      return null
  }
  return writer.commands.length > 0 ? { type, commands: writer.commands } : null
}

/** The MVT bytes of one layer named `name`; an empty array when no feature has a geometry. */
export function encodeMvtLayer(name: string, features: readonly TileFeature[], extent = 4096): Uint8Array {
  const keys = new Map<string, number>()
  const values = new Map<string, number>()
  const indexOf = (map: Map<string, number>, key: string) => {
    let index = map.get(key)
    if (index === undefined) map.set(key, (index = map.size))
    return index
  }
  const encoded = features.flatMap((feature) => {
    const geometry = encodeGeometry(feature.geometry)
    if (!geometry) return []
    const tags = Object.entries(feature.properties).flatMap(([key, value]) => [indexOf(keys, key), indexOf(values, value)])
    return [{ id: feature.id, tags, ...geometry }]
  })
  if (encoded.length === 0) return new Uint8Array(0)
  const pbf = new PbfWriter()
  pbf.writeMessage(
    3,
    (_: null, layer: PbfWriter) => {
      layer.writeVarintField(15, 2)
      layer.writeStringField(1, name)
      for (const feature of encoded) {
        layer.writeMessage(
          2,
          (_f: null, out: PbfWriter) => {
            out.writeVarintField(1, feature.id)
            out.writePackedVarint(2, feature.tags)
            out.writeVarintField(3, feature.type)
            out.writePackedVarint(4, feature.commands)
          },
          null,
        )
      }
      for (const key of keys.keys()) layer.writeStringField(3, key)
      for (const value of values.keys()) layer.writeMessage(4, (_v: null, out: PbfWriter) => out.writeStringField(1, value), null)
      layer.writeVarintField(5, extent)
    },
    null,
  )
  return pbf.finish()
}
