import type { FastifyInstance, InjectOptions } from 'fastify'

export interface JsonResponse<T = any> {
  status: number
  headers: Record<string, string | string[] | number | undefined>
  body: T
  text: string
}

/** Injects a request and parses a JSON (or problem+json, geo+json) body. */
export async function request<T = any>(app: FastifyInstance, options: string | InjectOptions): Promise<JsonResponse<T>> {
  const response = await app.inject(options)
  const type = String(response.headers['content-type'] ?? '')
  const body = /json/.test(type) && response.body ? JSON.parse(response.body) : undefined
  return { status: response.statusCode, headers: response.headers, body, text: response.body }
}

/** The slugs of a FeatureCollection's features, in order. */
export function slugs(collection: { features: Array<{ properties: { slug?: string } }> }): string[] {
  return collection.features.map((feature) => feature.properties.slug!)
}
