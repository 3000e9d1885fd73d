import { Cql2Error } from './errors.ts'
import { describe, type TokenCursor } from './cursor.ts'

/**
 * Reads the spatial literals of CQL2 text: WKT geometries (POINT ... GEOMETRYCOLLECTION) and
 * BBOX(west, south, east, north). Coordinates are WGS 84 longitude/latitude and are range-checked,
 * rings must be closed, and the geometry is written back as canonical 2D WKT, so PostGIS only ever
 * parses text this reader produced.
 *
 *   readGeometry(cursor at "POINT ( 36.7  35.4 )") -> 'POINT(36.7 35.4)'
 */

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
function readPosition(cursor: TokenCursor): Position {
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

function readLine(cursor: TokenCursor): Position[] {
  const offset = cursor.peek().offset
  const positions = readList(cursor, () => readPosition(cursor))
  if (positions.length < 2) throw new Cql2Error('a line needs at least 2 positions', offset)
  return positions
}

function readRing(cursor: TokenCursor): Position[] {
  const offset = cursor.peek().offset
  const positions = readList(cursor, () => readPosition(cursor))
  const [first, last] = [positions[0]!, positions[positions.length - 1]!]
  if (positions.length < 4 || first[0] !== last[0] || first[1] !== last[1]) {
    throw new Cql2Error('a polygon ring needs at least 4 positions, the last the same as the first', offset)
  }
  return positions
}

const polygonText = (cursor: TokenCursor): string => `(${readList(cursor, () => joined(readRing(cursor))).join(', ')})`

/** MULTIPOINT takes `(1 2, 3 4)` and `((1 2), (3 4))`. */
function multiPointText(cursor: TokenCursor): string {
  const points = readList(cursor, () => {
    if (cursor.peek().type !== '(') return readPosition(cursor)
    cursor.next()
    const position = readPosition(cursor)
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

/** A WKT geometry as canonical WKT; `depth` counts enclosing collections against `maxDepth`. */
export function readGeometry(cursor: TokenCursor, maxDepth: number, depth = 0): string {
  const keyword = cursor.next()
  const type = keyword.text.toUpperCase()
  if (cursor.isKeyword('Z')) cursor.next()
  else if (cursor.isKeyword('M') || cursor.isKeyword('ZM')) throw new Cql2Error('measures (M, ZM) are not supported in geometries', cursor.peek().offset)
  if (cursor.isKeyword('EMPTY')) throw new Cql2Error('empty geometries are not supported', cursor.peek().offset)
  switch (type) {
    case 'POINT': {
      cursor.expect('(', '"(" after POINT')
      const position = readPosition(cursor)
      cursor.expect(')', '")" after the point\'s coordinates')
      return `POINT(${text(position)})`
    }
    case 'LINESTRING':
      return `LINESTRING${joined(readLine(cursor))}`
    case 'POLYGON':
      return `POLYGON${polygonText(cursor)}`
    case 'MULTIPOINT':
      return `MULTIPOINT${multiPointText(cursor)}`
    case 'MULTILINESTRING':
      return `MULTILINESTRING(${readList(cursor, () => joined(readLine(cursor))).join(', ')})`
    case 'MULTIPOLYGON':
      return `MULTIPOLYGON(${readList(cursor, () => polygonText(cursor)).join(', ')})`
    case 'GEOMETRYCOLLECTION': {
      if (depth + 1 > maxDepth) throw new Cql2Error(`the geometry collections nest deeper than ${maxDepth} levels`, keyword.offset)
      const members = readList(cursor, () => {
        if (!isGeometryKeyword(cursor)) throw new Cql2Error(`expected a WKT geometry, found ${describe(cursor.peek())}`, cursor.peek().offset)
        return readGeometry(cursor, maxDepth, depth + 1)
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
