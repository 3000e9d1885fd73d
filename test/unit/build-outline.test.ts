import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { booleanClockwise, truncate } from '@turf/turf'
import type { Feature, Geometry, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { buildOutline } from '../../server/geometry/build-outline.ts'

const FIXTURES = path.join(import.meta.dirname, '../fixtures/build-outline')
const files = readdirSync(path.join(FIXTURES, 'in')).filter((file) => file.endsWith('.geojson'))

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze)
    Object.freeze(value)
  }
  return value
}

describe('buildOutline (fixtures in/ -> out/)', () => {
  it.each(files)('%s', (file) => {
    const input = deepFreeze(JSON.parse(readFileSync(path.join(FIXTURES, 'in', file), 'utf8')) as Feature<Geometry>)
    const output = truncate(buildOutline(input), { precision: 6 })
    const expectedFile = path.join(FIXTURES, 'out', file)
    // REGEN=1 rewrites the expected outputs; review the diff before committing them.
    if (process.env.REGEN === '1') {
      writeFileSync(expectedFile, `${JSON.stringify({ type: 'FeatureCollection', features: [input, { type: 'Feature', properties: { output: true }, geometry: output }] })}\n`)
    }
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')).features[1].geometry
    expect(output).toEqual(expected)
    if (output.type === 'Polygon') {
      expect(booleanClockwise((output as Polygon).coordinates[0]!), 'outer ring counter-clockwise (RFC 7946)').toBe(false)
    }
  })
})
