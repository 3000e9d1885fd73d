import type { FastifyInstance } from 'fastify'
import type { Geometry, Polygon } from 'geojson'
import { expect } from 'vitest'
import { request } from './inject.ts'

/** A square of `size` degrees with its south-west corner at lon, lat. */
export const square = (lon: number, lat: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
})

/** Creates a zone through POST /zones as whoever `headers` authenticate; the test fails unless it is created. Its id. */
export async function postZone(app: FastifyInstance, headers: Record<string, string>, geometry: Geometry | null, properties: Record<string, unknown>): Promise<number> {
  const response = await request(app, { method: 'POST', url: '/zones', headers, payload: { type: 'Feature', geometry, properties } })
  expect(response.status, response.text).toBe(201)
  return response.body.id as number
}
