import type { Position } from 'geojson'
import type { GeometryType } from '../domain/kinds.ts'
import { checkPosition } from './check-position.ts'
import { checkRing } from './check-ring.ts'
import { describeValue } from './describe-value.ts'
import type { IssueList } from './geometry-issues.ts'

export type CoordinateType = Exclude<GeometryType, 'GeometryCollection'>
export type Coordinates = Position | Position[] | Position[][] | Position[][][]

/**
 * Checks the untrusted `coordinates` member of a geometry of the given type: arrays nested to the
 * depth the type requires (never deeper, so a hostile nesting costs nothing), valid positions,
 * lines of at least 2 positions, closed rings of at least 4, no empty arrays. Returns a fresh copy
 * holding only numbers, or undefined after adding the issues under `path`. Run countVertices first.
 *
 * @example checkCoordinates('LineString', [[36.2, 33.5]], 'coordinates', issues) // undefined; "a LineString needs at least 2 positions, got 1"
 */
export function checkCoordinates(type: CoordinateType, value: unknown, path: string, issues: IssueList): Coordinates | undefined {
  switch (type) {
    case 'Point':
      return checkPosition(value, path, issues)
    case 'MultiPoint':
      return checkList(value, path, issues, { owner: 'a MultiPoint', item: 'position', min: 1 }, checkPosition)
    case 'LineString':
      return checkLine(value, path, issues, 'a LineString')
    case 'MultiLineString':
      return checkList(value, path, issues, { owner: 'a MultiLineString', item: 'line', min: 1 }, (line, linePath) =>
        checkLine(line, linePath, issues, 'a line'),
      )
    case 'Polygon':
      return checkRings(value, path, issues, 'a Polygon')
    case 'MultiPolygon':
      return checkList(value, path, issues, { owner: 'a MultiPolygon', item: 'polygon', min: 1 }, (rings, polygonPath) =>
        checkRings(rings, polygonPath, issues, 'a polygon'),
      )
  }
}

interface ListShape {
  owner: string
  item: string
  min: number
}

function checkLine(value: unknown, path: string, issues: IssueList, owner: string): Position[] | undefined {
  return checkList(value, path, issues, { owner, item: 'position', min: 2 }, checkPosition)
}

function checkRings(value: unknown, path: string, issues: IssueList, owner: string): Position[][] | undefined {
  return checkList(value, path, issues, { owner, item: 'ring', min: 1 }, (ring, ringPath, _issues, index) =>
    checkRing(ring, ringPath, index === 0 ? 'the outer ring' : `hole ${index}`, issues),
  )
}

function checkList<T>(
  value: unknown,
  path: string,
  issues: IssueList,
  shape: ListShape,
  checkItem: (item: unknown, itemPath: string, issues: IssueList, index: number) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value)) {
    issues.add(path, `expected an array of ${shape.item}s for ${shape.owner}, got ${describeValue(value)}`)
    return undefined
  }
  const tooShort = value.length < shape.min
  if (tooShort) {
    issues.add(path, `${shape.owner} needs at least ${shape.min} ${shape.item}${shape.min === 1 ? '' : 's'}, got ${value.length}`)
  }
  const items: T[] = []
  for (let i = 0; i < value.length; i++) {
    const item = checkItem(value[i], `${path}[${i}]`, issues, i)
    if (item !== undefined) items.push(item)
  }
  return !tooShort && items.length === value.length ? items : undefined
}
