import type { Position } from 'geojson'
import { describeValue } from './describe-value.ts'
import type { IssueList } from './geometry-issues.ts'

/**
 * Checks one untrusted GeoJSON position: 2 or 3 finite numbers, longitude in -180..180 and
 * latitude in -90..90 (an altitude only has to be finite). Returns a fresh copy, or undefined
 * after adding the issues. Strings that look like numbers are refused, as are NaN and Infinity
 * (JSON cannot carry them, but `1e400` parses to Infinity and a JavaScript caller can pass NaN).
 *
 * @example checkPosition([36.5, 91], 'coordinates', issues) // undefined; adds 'latitude 91 is outside -90..90' at coordinates[1]
 */
export function checkPosition(value: unknown, path: string, issues: IssueList): Position | undefined {
  if (!Array.isArray(value)) {
    issues.add(path, `expected a position [longitude, latitude], got ${describeValue(value)}`)
    return undefined
  }
  if (value.length < 2 || value.length > 3) {
    issues.add(path, `a position needs 2 or 3 numbers (longitude, latitude, optional altitude), got ${value.length}`)
    return undefined
  }
  const before = issues.count
  const longitude = checkNumber(value[0], `${path}[0]`, 'longitude', 180, issues)
  const latitude = checkNumber(value[1], `${path}[1]`, 'latitude', 90, issues)
  const altitude = value.length === 3 ? checkNumber(value[2], `${path}[2]`, 'altitude', Infinity, issues) : undefined
  if (issues.count > before) return undefined
  return altitude === undefined ? [longitude, latitude] : [longitude, latitude, altitude]
}

function checkNumber(value: unknown, path: string, name: string, bound: number, issues: IssueList): number {
  if (typeof value !== 'number') {
    issues.add(path, `${name} must be a number, got ${describeValue(value)}`)
  } else if (!Number.isFinite(value)) {
    issues.add(path, `${name} must be a finite number, got ${value}`)
  } else if (value < -bound || value > bound) {
    issues.add(path, `${name} ${value} is outside -${bound}..${bound}`)
  }
  return value as number
}
