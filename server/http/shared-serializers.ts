import { SerializerSelector, type RouteDefinition, type Serializer } from '@fastify/fast-json-stringify-compiler'

/**
 * Fastify's serializer factory, compiling each distinct response schema once. Fastify builds a
 * serializer for every status of every route at start, and most of them are the same few schemas
 * (the problem details of 400, 401, 403, 404, ... on each of some two hundred routes): compiling
 * each once takes about half a second off every start. A serializer follows from its schema and
 * the shared schemas of its context only, so within one context the same schema text gives the
 * same function.
 */
export function sharedSerializers(): ReturnType<typeof SerializerSelector> {
  const buildFactory = SerializerSelector()
  return (externalSchemas, serializerOpts) => {
    const compile = buildFactory(externalSchemas, serializerOpts)
    const built = new Map<string, Serializer>()
    return (route: RouteDefinition) => {
      const key = JSON.stringify(route.schema)
      let serializer = built.get(key)
      if (!serializer) {
        serializer = compile(route)
        built.set(key, serializer)
      }
      return serializer
    }
  }
}
