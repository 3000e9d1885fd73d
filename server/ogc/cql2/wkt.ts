import { Cql2Error } from './errors.ts'
import { describe, type TokenCursor } from './cursor.ts'
import { checkPolygonTopology } from '../../geometry/check-polygon-topology.ts'
import { checkRing } from '../../geometry/check-ring.ts'
import { createIssueList } from '../../geometry/geometry-issues.ts'

/**
 * Reads the spatial literals of CQL2 text: WKT geometries (POINT ... GEOMETRYCOLLECTION) and
 * BBOX(west, south, east, north). Coordinates are WGS 84 longitude/latitude and are range-checked,
 * rings must be closed, with 3 distinct corners, and neither cross nor touch themselves or each
 * other (holes inside their outer ring), and the geometry is written back as canonical 2D WKT, so
 * PostGIS only ever parses valid geometries this reader produced: an invalid polygon (a star) sends
 * GEOS into minutes of work that no statement timeout stops on PGlite, and not always on PostgreSQL.
 * The allowance bounds the work: positions, and edge comparisons of the crossing check.
 *
 *   readGeometry(cursor at "POINT ( 36.7  35.4 )", 20, allowance) -> 'POINT(36.7 35.4)'
 */

/** What the geometries of one filter may cost, all of them together; see CQL2_LIMITS. */
export interface GeometryAllowance {
  readonly maxVertices: number
  vertices: number
  comparisons: number
  /** A filter is refused at its first fault: nothing is spent looking for more. */
  readonly afterFirstContact: 0
}

export function geometryAllowance(limits: { maxVertices: number; maxComparisons: number }): GeometryAllowance {
  return { maxVertices: limits.maxVertices, vertices: 0, comparisons: limits.maxComparisons, afterFirstContact: 0 }
}

const VALIDITY_HINT = 'a filter geometry must be valid (OGC simple features): rings closed, not crossing or touching themselves, holes inside'

export const GEOMETRY_KEYWORDS = ['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION'] as const
export const BBOX_KEYWORDS = ['BBOX', 'ENVELOPE'] as const

type Position = [number, number]

function readNumber(cursor: TokenCursor, what: string): { value: number; offset: number } {
  const token = cursor.expect('number', what)
  const value = Number(token.text)
  if (!Number.isFinite(value)) throw new Cql2Error(`the number ${token.text} is out of range`, token.offset)
  return { value, offset: token.offset }
}

function checkLongitude(value: number, offset: number): void {
  if (Math.abs(value) > 180) throw new Cql2Error(`longitude ${value} is outside -180..180`, offset)
}

function checkLatitude(value: number, offset: number): void {
  if (Math.abs(value) > 90) throw new Cql2Error(`latitude ${value} is outside -90..90`, offset)
}

/** `lon lat` or `lon lat height`; the height is dropped. */
function readPosition(cursor: TokenCursor, allowance: GeometryAllowance): Position {
  if (++allowance.vertices > allowance.maxVertices) {
    throw new Cql2Error(`the filter's geometries have more than ${allowance.maxVertices} positions`, cursor.peek().offset, 'simplify the shape or use BBOX(...)')
  }
  const x = readNumber(cursor, 'a longitude')
  const y = readNumber(cursor, 'a latitude after the longitude (coordinates are separated by a space)')
  checkLongitude(x.value, x.offset)
  checkLatitude(y.value, y.offset)
  if (cursor.peek().type === 'number') readNumber(cursor, 'a height')
  return [x.value, y.value]
}

/** `(` item {`,` item} `)` */
function readList<T>(cursor: TokenCursor, readItem: () => T): T[] {
  cursor.expect('(', '"("')
  const items = [readItem()]
  while (cursor.peek().type === ',') {
    cursor.next()
    items.push(readItem())
  }
  cursor.expect(')', '"," or ")"')
  return items
}

const text = ([x, y]: Position): string => `${x} ${y}`
const joined = (positions: Position[]): string => `(${positions.map(text).join(', ')})`

function readLine(cursor: TokenCursor, allowance: GeometryAllowance): Position[] {
  const offset = cursor.peek().offset
  const positions = readList(cursor, () => readPosition(cursor, allowance))
  if (positions.length < 2) throw new Cql2Error('a line needs at least 2 positions', offset)
  return positions
}

function readRing(cursor: TokenCursor, allowance: GeometryAllowance, index: number): Position[] {
  const offset = cursor.peek().offset
  const positions = readList(cursor, () => readPosition(cursor, allowance))
  const [first, last] = [positions[0]!, positions[positions.length - 1]!]
  if (positions.length < 4 || first[0] !== last[0] || first[1] !== last[1]) {
    throw new Cql2Error('a polygon ring needs at least 4 positions, the last the same as the first', offset)
  }
  const issues = createIssueList(1)
  if (!checkRing(positions, '', index === 0 ? 'the outer ring' : `hole ${index}`, issues)) throw new Cql2Error(issues.list()[0]!.message, offset, VALIDITY_HINT)
  return positions
}

interface ReadPolygon {
  rings: Position[][]
  offset: number
}

function readPolygon(cursor: TokenCursor, allowance: GeometryAllowance): ReadPolygon {
  const offset = cursor.peek().offset
  let index = 0
  return { rings: readList(cursor, () => readRing(cursor, allowance, index++)), offset }
}

/**
 * Refuses polygons whose rings cross or touch themselves or each other, or whose holes lie
 * outside; a MultiPolygon's polygons may not cross each other either. Said at the first polygon.
 */
function checkTopology(polygons: ReadPolygon[], multi: boolean, allowance: GeometryAllowance): void {
  const issues = createIssueList(1)
  checkPolygonTopology(polygons.map((polygon) => polygon.rings), '', multi, issues, allowance)
  if (issues.count === 0) return
  const issue = issues.list()[0]!
  // A MultiPolygon's issue paths start with the polygon's index: `[2][0][5]`.
  const polygon = multi ? Number(/^\[(\d+)\]/.exec(issue.path)?.[1] ?? 0) : 0
  throw new Cql2Error(issue.message, (polygons[polygon] ?? polygons[0]!).offset, VALIDITY_HINT)
}

const ringsText = (polygon: ReadPolygon): string => `(${polygon.rings.map(joined).join(', ')})`

/** MULTIPOINT takes `(1 2, 3 4)` and `((1 2), (3 4))`. */
function multiPointText(cursor: TokenCursor, allowance: GeometryAllowance): string {
  const points = readList(cursor, () => {
    if (cursor.peek().type !== '(') return readPosition(cursor, allowance)
    cursor.next()
    const position = readPosition(cursor, allowance)
    cursor.expect(')', '")"')
    return position
  })
  return `(${points.map((point) => `(${text(point)})`).join(', ')})`
}

export function isGeometryKeyword(cursor: TokenCursor): boolean {
  return GEOMETRY_KEYWORDS.some((word) => cursor.isKeyword(word))
}

export function isBboxKeyword(cursor: TokenCursor): boolean {
  return BBOX_KEYWORDS.some((word) => cursor.isKeyword(word)) && cursor.peek(1).type === '('
}

/** A valid WKT geometry as canonical WKT; `depth` counts enclosing collections against `maxDepth`. */
export function readGeometry(cursor: TokenCursor, maxDepth: number, allowance: GeometryAllowance, depth = 0): string {
  const keyword = cursor.next()
  const type = keyword.text.toUpperCase()
  if (cursor.isKeyword('Z')) cursor.next()
  else if (cursor.isKeyword('M') || cursor.isKeyword('ZM')) throw new Cql2Error('measures (M, ZM) are not supported in geometries', cursor.peek().offset)
  if (cursor.isKeyword('EMPTY')) throw new Cql2Error('empty geometries are not supported', cursor.peek().offset)
  switch (type) {
    case 'POINT': {
      cursor.expect('(', '"(" after POINT')
      const position = readPosition(cursor, allowance)
      cursor.expect(')', '")" after the point\'s coordinates')
      return `POINT(${text(position)})`
    }
    case 'LINESTRING':
      return `LINESTRING${joined(readLine(cursor, allowance))}`
    case 'POLYGON': {
      const polygon = readPolygon(cursor, allowance)
      checkTopology([polygon], false, allowance)
      return `POLYGON${ringsText(polygon)}`
    }
    case 'MULTIPOINT':
      return `MULTIPOINT${multiPointText(cursor, allowance)}`
    case 'MULTILINESTRING':
      return `MULTILINESTRING(${readList(cursor, () => joined(readLine(cursor, allowance))).join(', ')})`
    case 'MULTIPOLYGON': {
      const polygons = readList(cursor, () => readPolygon(cursor, allowance))
      checkTopology(polygons, true, allowance)
      return `MULTIPOLYGON(${polygons.map(ringsText).join(', ')})`
    }
    case 'GEOMETRYCOLLECTION': {
      if (depth + 1 > maxDepth) throw new Cql2Error(`the geometry collections nest deeper than ${maxDepth} levels`, keyword.offset)
      const members = readList(cursor, () => {
        if (!isGeometryKeyword(cursor)) throw new Cql2Error(`expected a WKT geometry, found ${describe(cursor.peek())}`, cursor.peek().offset)
        return readGeometry(cursor, maxDepth, allowance, depth + 1)
      })
      return `GEOMETRYCOLLECTION(${members.join(', ')})`
    }
    default:
      throw new Cql2Error(`expected a WKT geometry, found ${describe(keyword)}`, keyword.offset)
  }
}

/** BBOX(west, south, east, north) or with heights BBOX(west, south, min, east, north, max). */
export function readBbox(cursor: TokenCursor): [number, number, number, number] {
  const keyword = cursor.next()
  const numbers = readList(cursor, () => readNumber(cursor, 'a number'))
  if (numbers.length !== 4 && numbers.length !== 6) {
    throw new Cql2Error(`${keyword.text.toUpperCase()} takes 4 numbers (west, south, east, north) or 6 with heights, not ${numbers.length}`, keyword.offset)
  }
  const [west, south, east, north] = numbers.length === 4 ? numbers : [numbers[0]!, numbers[1]!, numbers[3]!, numbers[4]!]
  checkLongitude(west!.value, west!.offset)
  checkLatitude(south!.value, south!.offset)
  checkLongitude(east!.value, east!.offset)
  checkLatitude(north!.value, north!.offset)
  if (south!.value > north!.value) throw new Cql2Error(`the south edge ${south!.value} is north of the north edge ${north!.value}`, south!.offset)
  return [west!.value, south!.value, east!.value, north!.value]
}
