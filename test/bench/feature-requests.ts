import type { Knex } from 'knex'
import { tenthOfExtent } from './scenarios.ts'
import type { Extent } from './synthetic-zones.ts'

/**
 * The five OGC API - Features requests that the service and its peer (MapServer) are compared on,
 * each as this service's paths and the peer's: a page of 100, a page of 1,000, every zone in a box
 * a tenth of the extent (~1,000 of 10,000), a page of 100 in that box, and one zone by id (16 ids
 * in turn).
 */
export interface FeatureRequest {
  name: string
  servicePaths: string[]
  /** The same requests to MapServer's OGC API, given its items path. */
  peerPaths(itemsPath: string): string[]
}

const SERVICE_ITEMS = '/ogc/collections/zones/items'
/** The most features one page may have, on both services. */
const ALL = 10_000

export async function featureRequests(knex: Knex, extent: Extent): Promise<FeatureRequest[]> {
  const bbox = tenthOfExtent(extent).join(',')
  const { rows } = await knex.raw<{ rows: Array<{ id: number }> }>('select id from zones where not archived order by md5(id::text) limit 16')
  const ids = rows.map((row) => row.id)
  const page = (query: string): Pick<FeatureRequest, 'servicePaths' | 'peerPaths'> => ({
    servicePaths: [`${SERVICE_ITEMS}?${query}`],
    peerPaths: (items) => [`${items}?f=json&${query}`],
  })
  return [
    { name: 'OGC items limit=100', ...page('limit=100') },
    { name: 'items limit=1000', ...page('limit=1000') },
    { name: 'items in a 10 % bbox, all', ...page(`bbox=${bbox}&limit=${ALL}`) },
    { name: 'items in that bbox, limit=100', ...page(`bbox=${bbox}&limit=100`) },
    { name: 'one item by id', servicePaths: ids.map((id) => `${SERVICE_ITEMS}/${id}`), peerPaths: (items) => ids.map((id) => `${items}/${id}?f=json`) },
  ]
}

/** The ids of the features an OGC answer holds (a collection's, or the one feature's), as text. */
export async function featureIds(url: string): Promise<string[]> {
  const response = await fetch(url, { headers: { accept: 'application/geo+json, application/json' } })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  const body = (await response.json()) as { id?: unknown; features?: Array<{ id?: unknown }> }
  return body.features ? body.features.map((feature) => String(feature.id)) : [String(body.id)]
}

/** Whether both services answer every path of a request with the same features, in the same order. */
export async function sameFeatures(request: FeatureRequest, serviceBase: string, peerBase: string, peerItems: string): Promise<{ same: boolean; features: number; detail: string }> {
  const peerPaths = request.peerPaths(peerItems)
  let features = 0
  for (const [index, servicePath] of request.servicePaths.entries()) {
    const [ours, theirs] = await Promise.all([featureIds(`${serviceBase}${servicePath}`), featureIds(`${peerBase}${peerPaths[index]}`)])
    if (ours.join(',') !== theirs.join(',')) {
      const firstDifference = ours.findIndex((id, at) => theirs[at] !== id)
      return { same: false, features: ours.length, detail: `${servicePath}: ${ours.length} features against ${theirs.length}; first difference at ${firstDifference}` }
    }
    features += ours.length
  }
  return { same: true, features, detail: '' }
}
