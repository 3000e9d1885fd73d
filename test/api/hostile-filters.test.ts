import { beforeAll, describe, expect, it } from 'vitest'
import { starWkt } from '../helpers/hostile-geometry.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { budgetMs, median, timed } from '../helpers/timed-requests.ts'
import { backend } from '../helpers/test-database.ts'

/**
 * Self-crossing filter geometries against a real listening server: each is refused before any SQL,
 * so neither the embedded database (which runs on the event loop and cannot cancel a statement)
 * nor a PostgreSQL backend ever hands GEOS a star to untangle.
 */

const service = useTestApp()
let base: string
beforeAll(async () => {
  await service.app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(service.app.server.address() as { port: number }).port}`
})

const get = (path: string) => timed(base, path)

const STAR_POINTS = [21, 41, 81, 91, 121, 161, 201, 261, 337, 401]

describe(`star polygons in filters, on ${backend}`, () => {
  it('answers ten concurrent star filters (21 to 401 points) 400 within 100 ms each, while /health stays under 100 ms', async () => {
    const starUrl = (n: number) => `/ogc/collections/zones/items?limit=1&filter=${encodeURIComponent(`S_INTERSECTS(geometry, ${starWkt(n)})`)}`
    // Warm up: a server's first requests compile its routes and the checks' code.
    for (const path of ['/health', starUrl(21), starUrl(337)]) await get(path)
    const budget = await budgetMs(base, '/ogc/collections/zones/items?limit=1&filter=unknown_property%20%3D%201')
    const stars = STAR_POINTS.map((n) => get(starUrl(n)))
    const health: Array<ReturnType<typeof get>> = []
    for (let i = 0; i < 10; i++) {
      health.push(get('/health'))
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const answers = await Promise.all(stars)
    for (const [i, answer] of answers.entries()) {
      expect(answer.status, `n=${STAR_POINTS[i]}: ${answer.body.slice(0, 300)}`).toBe(400)
      expect(answer.type).toBe('application/problem+json; charset=utf-8')
      expect(JSON.parse(answer.body).errors[0]).toMatchObject({ where: 'query.filter', message: expect.stringMatching(/itself at .* at column \d+|longer than 4096 characters/) })
    }
    // The median, so that one slow moment on a shared 2-core machine does not decide.
    expect(median(answers.map((answer) => answer.ms)), answers.map((answer) => Math.round(answer.ms)).join(', ')).toBeLessThan(budget)
    const healthTimes = (await Promise.all(health)).map((answer) => (expect(answer.status).toBe(200), answer.ms))
    expect(median(healthTimes), healthTimes.map(Math.round).join(', ')).toBeLessThan(budget)
  })

  it.runIf(backend === 'postgres')('leaves no statement of the service running on PostgreSQL', async () => {
    await Promise.all(STAR_POINTS.map((n) => get(`/ogc/collections/zones/items?filter=${encodeURIComponent(`S_WITHIN(geometry, ${starWkt(n)})`)}`)))
    const { rows } = await service.db.knex.raw(`select pid, query from pg_stat_activity where datname = current_database() and state <> 'idle' and pid <> pg_backend_pid()`)
    expect(rows).toEqual([])
  })
})
