import type { FastifyInstance } from 'fastify'

interface Feature {
  geometry: unknown
  properties: { slug: string; status: string }
}

/** What the API says, to compare the page against: slug → status, for the zones of a query. */
export async function zonesFromApi(app: FastifyInstance, query = ''): Promise<{ all: Record<string, string>; drawn: Record<string, string> }> {
  const response = await app.inject({ method: 'GET', url: `/zones${query}` })
  if (response.statusCode !== 200) throw new Error(`GET /zones${query}: HTTP ${response.statusCode} ${response.body}`)
  const features = (response.json() as { features: Feature[] }).features
  const all: Record<string, string> = {}
  const drawn: Record<string, string> = {}
  for (const feature of features) {
    all[feature.properties.slug] = feature.properties.status
    if (feature.geometry) drawn[feature.properties.slug] = feature.properties.status
  }
  return { all, drawn }
}

/** The day number the time slider uses for a date. */
export function dayNumber(isoDate: string): string {
  return String(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000)
}
