import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/test-app.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend, createTestDatabase } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { expectMatchesSchema, zoneResponseValidators } from '../helpers/response-schemas.ts'
import { SEED_ZONES } from '../helpers/seed-zone-count.ts'

const service = useTestApp()
const schemas = zoneResponseValidators()

async function problem(url: string) {
  const response = await request(service.app, url)
  expect(response.status, `${url}: ${response.text}`).toBe(400)
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  expect(response.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, detail: expect.any(String) })
  expect(response.body.errors.length).toBeGreaterThan(0)
  expectMatchesSchema(schemas.problem, response.body, url)
  return response.body as { detail: string; errors: Array<{ where: string; message: string }> }
}

describe(`bad input to GET /zones on ${backend} gets 400 problem+json`, () => {
  it('status=bogus lists the valid statuses', async () => {
    const body = await problem('/zones?status=bogus')
    expect(body.errors).toEqual([{ where: 'query.status[0]', message: '"bogus" is not one of proposed, agreed, active, suspended, collapsed, ended, rejected' }])
  })

  it.each([
    ['bbox with 3 numbers', '/zones?bbox=1,2,3', 'query.bbox', /at least 4 values/],
    ['a latitude of 95', '/zones?bbox=30,30,40,95', 'query.bbox[3]', /latitude 95 is outside -90..90/],
    ['a bbox upside down', '/zones?bbox=30,40,40,30', 'query.bbox', /the south edge 40 is north of the north edge 30/],
    ['a bbox of words', '/zones?bbox=a,b,c,d', 'query.bbox[0]', /must be number/],
    ['as_of=yesterday', '/zones?as_of=yesterday', 'query.as_of', /"yesterday" is not a calendar date as YYYY-MM-DD/],
    ['as_of=2017-13-45', '/zones?as_of=2017-13-45', 'query.as_of', /"2017-13-45" is not a calendar date/],
    ['as_of=0000-01-01 (no year 0 in PostgreSQL)', '/zones?as_of=0000-01-01', 'query.as_of', /no year 0000/],
    ['signed_from=0000-01-01 on agreements', '/agreements?signed_from=0000-01-01', 'query.signed_from', /no year 0000/],
    ['limit=0', '/zones?limit=0', 'query.limit', />= 1/],
    ['limit=100000000', '/zones?limit=100000000', 'query.limit', /<= 10000/],
    ['contains=200,10', '/zones?contains=200,10', 'query.contains[0]', /longitude 200 is outside -180..180/],
    ['a malformed cursor', '/zones?cursor=bm90LWEtY3Vyc29y', 'query.cursor', /not a cursor this service gave out/],
    ['a cursor with bad characters', '/zones?cursor=%27%3B--', 'query.cursor', /is not/],
    ['an unknown parameter', '/zones?colour=red', 'query.colour', /unknown parameter; known: status, kind/],
    ['an unknown property', '/zones?properties=name,password', 'query.properties[1]', /"password" is not one of slug, name/],
    ['a bad kind', '/zones?kind=fortress', 'query.kind[0]', /"fortress" is not one of de-escalation-zone/],
    ['a bad precision', '/zones?precision=99', 'query.precision', /<= 15/],
    ['a bad slug', '/zones?sponsor=Russia', 'query.sponsor[0]', /is not a slug: lowercase words joined by hyphens/],
    ['geometry=maybe', '/zones?geometry=maybe', 'query.geometry', /boolean/],
  ])('%s', async (_name, url, where, message) => {
    const body = await problem(url)
    expect(body.errors.map((error) => error.where)).toContain(where)
    expect(body.errors.find((error) => error.where === where)!.message).toMatch(message)
  })

  it.each([
    "status=proposed'--",
    'q=%27%3B%20drop%20table%20zones%3B--',
    'sponsor=russia%27%20or%201%3D1--',
    'as_of=2017-01-01%27%3B%20delete%20from%20zones--',
    'kind=siege%22%29%3B',
    'bbox=1%3B%20drop,2,3,4',
  ])('SQL metacharacters are data, never SQL: %s', async (query) => {
    const response = await request(service.app, `/zones?${query}`)
    expect([200, 400]).toContain(response.status)
    if (response.status === 200) expect(response.body.features).toEqual([])
    const { rows } = await service.db.knex.raw('select count(*)::int as n from zones')
    expect(rows[0].n).toBe(SEED_ZONES.length)
  })

  it('an unknown zone is a 404 problem', async () => {
    for (const url of ['/zones/999999', '/zones/no-such-zone', '/zones/999999/history']) {
      const response = await request(service.app, url)
      expect(response.status).toBe(404)
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(response.body.detail).toMatch(/does not exist/)
    }
  })

  it('an id that cannot exist is a 4xx, not a database error', async () => {
    expect((await request(service.app, '/zones/99999999999999999999')).status).toBe(404)
    expect((await request(service.app, '/zones/Bad_Slug')).status).toBe(400)
  })

  it('an unknown route is a 404 problem', async () => {
    const response = await request(service.app, '/nowhere')
    expect(response.status).toBe(404)
    expect(response.body.title).toBe('Not Found')
  })
})

describe(`server faults on ${backend}`, () => {
  it('a 5xx shows neither a stack trace nor SQL', async () => {
    const broken = await createTestDatabase('migrated')
    const brokenApp = await buildTestApp(broken)
    await broken.knex.raw('drop table zone_parties cascade')
    // The sponsor filter reads zone_parties (the features themselves are kept as text elsewhere).
    const response = await request(brokenApp, '/zones?sponsor=russia')
    expect(response.status).toBe(500)
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(response.text).not.toMatch(/zone_parties|select|at .*\.ts|node_modules/i)
    expect(response.body.detail).toMatch(/It has been logged/)
    await brokenApp.close()
    await broken.close()
  })
})
