import { check } from '@placemarkio/check-geojson'
import { describe, expect, it } from 'vitest'
import { geometryColumnForZoom, precisionForZoom } from '../../server/storage/sql/generalized-geometry.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'

const service = useTestApp()

/** Every coordinate pair of a collection's geometries, flattened. */
function positions(collection: { features: Array<{ geometry: { coordinates?: unknown } | null }> }): number[][] {
  return collection.features.flatMap((feature) => (feature.geometry ? (JSON.stringify(feature.geometry).match(/-?\d+(\.\d+)?,-?\d+(\.\d+)?/g) ?? []) : []).map((pair) => pair.split(',').map(Number)))
}

const decimals = (value: number) => (String(value).split('.')[1] ?? '').length

describe(`GET /zones?zoom= on ${backend}`, () => {
  it('draws generalized outlines for low zooms, with no more decimals than the zoom shows', async () => {
    const full = await request(service.app, '/zones?kind=de-escalation-zone&properties=slug')
    const coarse = await request(service.app, '/zones?kind=de-escalation-zone&properties=slug&zoom=4')
    expect(coarse.status).toBe(200)
    expect(() => check(coarse.text)).not.toThrow()
    expect(coarse.body.features.map((feature: { id: number }) => feature.id)).toEqual(full.body.features.map((feature: { id: number }) => feature.id))
    expect(positions(coarse.body).length).toBeLessThan(positions(full.body).length)
    expect(Math.max(...positions(coarse.body).flat().map(decimals))).toBeLessThanOrEqual(precisionForZoom(4))
    expect(coarse.text.length).toBeLessThan(full.text.length)
  })

  it('draws the full outline from zoom 13 on, and works with as_of', async () => {
    const full = await request(service.app, '/zones?kind=siege&properties=slug')
    const close = await request(service.app, '/zones?kind=siege&properties=slug&zoom=16')
    expect(close.body.features).toEqual(full.body.features)
    const past = await request(service.app, '/zones?kind=de-escalation-zone&properties=slug&zoom=8&as_of=2017-07-10')
    expect(past.status).toBe(200)
    expect(past.body.features.length).toBeGreaterThan(0)
  })

  it('keeps the generalized outlines up to date when a shape changes', async () => {
    const row = await service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).first('id')
    await service.db.knex('zones').where({ id: row.id }).update({ geom: service.db.knex.raw(`ST_GeomFromText('POLYGON((38 35,38.5 35,38.5 35.5,38 35.5,38 35))', 4326)`) })
    const { rows } = await service.db.knex.raw(`select ST_AsText(geom_z4) as z4, ST_AsText(geom_z12) as z12 from zones where id = ?`, [row.id])
    expect(rows[0].z4).toBe('POLYGON((38 35,38.5 35,38.5 35.5,38 35.5,38 35))')
    expect(rows[0].z12).toBe(rows[0].z4)
  })

  it('refuses zooms outside 0 to 22', async () => {
    for (const zoom of ['-1', '23', 'near']) {
      const response = await request(service.app, `/zones?zoom=${zoom}`)
      expect(response.status, zoom).toBe(400)
      expect(response.body.errors[0].where).toBe('query.zoom')
    }
  })

  it('chooses the coarsest level made for the zoom or finer', () => {
    expect([0, 4, 5, 8, 9, 12, 13, 22, undefined].map(geometryColumnForZoom)).toEqual([
      'z.geom_z4', 'z.geom_z4', 'z.geom_z8', 'z.geom_z8', 'z.geom_z12', 'z.geom_z12', 'z.geom', 'z.geom', 'z.geom',
    ])
    expect([0, 4, 8, 12, 16].map(precisionForZoom)).toEqual([0, 2, 3, 4, 5])
  })
})

describe(`GET /zones ETags name the data version on ${backend}`, () => {
  it('answers If-None-Match with a 304 without reading the page, and changes when a party is renamed', async () => {
    const url = '/zones?sponsor=jordan&properties=slug,parties'
    const first = await request(service.app, url)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"zones-\d+-[A-Za-z0-9_-]+"$/)
    expect((await request(service.app, '/zones?sponsor=jordan&properties=slug')).headers.etag).not.toBe(etag)

    const statements: string[] = []
    const onQuery = (query: { sql: string }) => statements.push(query.sql)
    service.db.knex.on('query', onQuery)
    const again = await service.app.inject({ url, headers: { 'if-none-match': etag } })
    service.db.knex.off('query', onQuery)
    expect(again.statusCode).toBe(304)
    expect(again.headers.etag).toBe(etag)
    expect(statements).toHaveLength(1)

    await service.db.knex('parties').where({ slug: 'jordan' }).update({ name: 'Hashemite Kingdom of Jordan' })
    const renamed = await service.app.inject({ url, headers: { 'if-none-match': etag } })
    expect(renamed.statusCode).toBe(200)
    expect(renamed.body).toContain('Hashemite Kingdom of Jordan')
  })
})
