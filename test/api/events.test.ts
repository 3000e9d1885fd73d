import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { openEventStream, type EventReader } from '../helpers/event-stream.ts'

const service = useTestApp()
let bearer: Record<string, string>
let events: EventReader

beforeAll(async () => {
  await createAccount(service.app, 'ada', 'editor')
  bearer = await apiToken(service.app, await signIn(service.app, 'ada'))
  await service.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = service.app.server.address() as { port: number }
  events = await openEventStream(`http://127.0.0.1:${port}/events`)
})
afterAll(async () => {
  events.close()
})

const etagOf = async (slug: string) => (await service.app.inject(`/zones/${slug}`)).headers.etag as string

describe(`GET /events on ${backend}`, () => {
  it('sends a zone event when a change commits', async () => {
    const response = await service.app.inject({
      method: 'POST',
      url: '/zones/kobani-dmz-proposal/status',
      headers: { ...bearer, 'if-match': await etagOf('kobani-dmz-proposal') },
      payload: { status: 'agreed', effective_date: '2025-02-01', reason: 'test' },
    })
    expect(response.statusCode).toBe(200)
    const event = await events.next()
    expect(event).toEqual({ event: 'zone', data: { zone_id: response.json().id, version: 2, action: 'zone.status', at: expect.any(String) } })
  })

  it('sends nothing for a write that fails', async () => {
    const refused = await service.app.inject({
      method: 'POST',
      url: '/zones/siege-of-raqqa/status',
      headers: { ...bearer, 'if-match': await etagOf('siege-of-raqqa') },
      payload: { status: 'active', effective_date: '2025-02-01', reason: 'test' },
    })
    expect(refused.statusCode).toBe(409)
    const patched = await service.app.inject({
      method: 'PATCH',
      url: '/zones/siege-of-raqqa',
      headers: { ...bearer, 'if-match': await etagOf('siege-of-raqqa') },
      payload: { description: 'edited' },
    })
    expect(patched.statusCode).toBe(200)
    // The next event is the successful edit, not the refused status change.
    expect((await events.next()).data).toMatchObject({ zone_id: patched.json().id, action: 'zone.update' })
  })
})
