import { STATUSES } from '../domain/statuses.ts'
import { SLUG_PATTERN } from '../domain/parties.ts'
import type { OgcCollection } from './collections.ts'
import { FILTER_LANGUAGES } from './filter.ts'
import { CRS_PARAMETERS, crsParameters } from './openapi-crs.ts'
import { collectionTilePaths, tileMatrixSetPaths } from './openapi-tiles.ts'
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET } from './paging.ts'

/**
 * The OpenAPI 3.0 definition of /ogc (the `service-desc`), written out from the routes. Each
 * collection gets its own paths, as ldproxy does: GDAL and QGIS read the parameters of
 * `/collections/{id}/items` to learn which property filters (status=, sponsor=) a collection takes,
 * and QGIS reads `components.parameters.limit` for the page size bounds.
 */

const ref = (kind: 'parameters' | 'schemas' | 'responses', name: string) => ({ $ref: `#/components/${kind}/${name}` })

const listPattern = (item: string): string => `^${item}(,${item})*$`

const PARAMETERS = {
  f: {
    name: 'f',
    in: 'query',
    required: false,
    description: 'The representation: json (the default; GeoJSON for features) or html. Without it, the Accept header decides.',
    schema: { type: 'string', enum: ['json', 'html'] },
    style: 'form',
    explode: false,
  },
  bbox: {
    name: 'bbox',
    in: 'query',
    required: false,
    description:
      'Only features whose geometry intersects the box: west,south,east,north in WGS 84 longitude/latitude ' +
      '(CRS84), or in the CRS bbox-crs names, or six numbers with heights, which are ignored. A box whose west edge is east of its east edge crosses the antimeridian.',
    schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
    style: 'form',
    explode: false,
  },
  datetime: {
    name: 'datetime',
    in: 'query',
    required: false,
    description:
      'Only features valid at this instant or during this interval (RFC 3339; open ends as ..): 2017-07-09, ' +
      '2017-07-09T12:00:00Z, 2017-01-01/2017-12-31, 2018-01-01/.. . A zone is valid from its first recorded date ' +
      '(or its proposal) to its end date, or until now when it has not ended. At an instant, each feature is read as it ' +
      'stood that day: its status then and the boundary version in force then. GDAL\'s 2017-07-09T and QGIS\'s open ends ' +
      '(0000-01-01T00:00:00Z, 9999-12-31T00:00:00Z) are read too; to filter on one date property, use filter.',
    schema: { type: 'string' },
    style: 'form',
    explode: false,
  },
  recorded_as_of: {
    name: 'recorded_as_of',
    in: 'query',
    required: false,
    description:
      'A vendor parameter: the features as the Atlas had recorded them by this instant (RFC 3339 date-time, or a date: the end of that day ' +
      'in UTC): zones created by then, status changes recorded by then and not undone by then, boundary versions recorded and not ' +
      'corrected by then. Names, descriptions and parties are read as they are now. Combines with datetime.',
    schema: { type: 'string', maxLength: 40 },
    style: 'form',
    explode: false,
  },
  limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: `The number of features per page. Minimum 1, default ${DEFAULT_LIMIT}, maximum ${MAX_LIMIT}: a larger value is served as ${MAX_LIMIT}.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    style: 'form',
    explode: false,
  },
  offset: {
    name: 'offset',
    in: 'query',
    required: false,
    description: 'The number of features to skip, in id order. The next and prev links set it for you.',
    schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
    style: 'form',
    explode: false,
  },
  status: {
    name: 'status',
    in: 'query',
    required: false,
    description: `Only zones with this status; several, comma separated, for any of them. One of ${STATUSES.join(', ')}.`,
    schema: { type: 'string', pattern: listPattern(`(${STATUSES.join('|')})`) },
    style: 'form',
    explode: false,
  },
  sponsor: {
    name: 'sponsor',
    in: 'query',
    required: false,
    description: 'Only zones sponsored or guaranteed by this party (its slug, e.g. russia); several, comma separated, for any of them.',
    schema: { type: 'string', pattern: listPattern(SLUG_PATTERN.slice(1, -1)) },
    style: 'form',
    explode: false,
  },
  filter: {
    name: 'filter',
    in: 'query',
    required: false,
    description:
      'A CQL2 text filter on the queryables of the collection (see its /queryables), e.g. ' +
      "status = 'active' AND S_INTERSECTS(geometry, BBOX(36, 35, 37, 36)). At most 4096 characters, 50 predicates, 20 levels of nesting and 100 values in an IN list.",
    schema: { type: 'string', maxLength: 4096 },
    style: 'form',
    explode: false,
  },
  'filter-lang': {
    name: 'filter-lang',
    in: 'query',
    required: false,
    description: 'The language of filter: cql2-text, or cql-text (its draft name, read the same way).',
    schema: { type: 'string', enum: [...FILTER_LANGUAGES], default: 'cql2-text' },
    style: 'form',
  },
  featureId: {
    name: 'featureId',
    in: 'path',
    required: true,
    description: 'The zone id.',
    schema: { type: 'string' },
  },
  ...crsParameters,
}

const link = {
  type: 'object',
  required: ['href'],
  properties: {
    href: { type: 'string' },
    rel: { type: 'string' },
    type: { type: 'string' },
    hreflang: { type: 'string' },
    title: { type: 'string' },
    length: { type: 'integer' },
  },
}

const SCHEMAS = {
  link,
  landingPage: {
    type: 'object',
    required: ['links'],
    properties: { title: { type: 'string' }, description: { type: 'string' }, links: { type: 'array', items: ref('schemas', 'link') } },
  },
  confClasses: { type: 'object', required: ['conformsTo'], properties: { conformsTo: { type: 'array', items: { type: 'string' } } } },
  extent: {
    type: 'object',
    properties: {
      spatial: {
        type: 'object',
        properties: {
          bbox: { type: 'array', minItems: 1, items: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
          crs: { type: 'string', enum: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'] },
        },
      },
      temporal: {
        type: 'object',
        properties: {
          interval: {
            type: 'array',
            minItems: 1,
            items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', format: 'date-time', nullable: true } },
          },
          trs: { type: 'string', enum: ['http://www.opengis.net/def/uom/ISO-8601/0/Gregorian'] },
        },
      },
    },
  },
  collection: {
    type: 'object',
    required: ['id', 'links'],
    properties: {
      id: { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      links: { type: 'array', items: ref('schemas', 'link') },
      extent: ref('schemas', 'extent'),
      itemType: { type: 'string', default: 'feature' },
      crs: { type: 'array', items: { type: 'string' } },
      storageCrs: { type: 'string' },
    },
  },
  collections: {
    type: 'object',
    required: ['links', 'collections'],
    properties: { links: { type: 'array', items: ref('schemas', 'link') }, collections: { type: 'array', items: ref('schemas', 'collection') }, crs: { type: 'array', items: { type: 'string' } } },
  },
  geometryGeoJSON: {
    type: 'object',
    nullable: true,
    required: ['type'],
    properties: {
      type: { type: 'string', enum: ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'] },
      coordinates: { type: 'array', items: {} },
      geometries: { type: 'array', items: { type: 'object' } },
    },
  },
  featureGeoJSON: {
    type: 'object',
    required: ['type', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: 'integer' },
      geometry: ref('schemas', 'geometryGeoJSON'),
      properties: { type: 'object', nullable: true },
      links: { type: 'array', items: ref('schemas', 'link') },
    },
  },
  featureCollectionGeoJSON: {
    type: 'object',
    required: ['type', 'features'],
    properties: {
      type: { type: 'string', enum: ['FeatureCollection'] },
      features: { type: 'array', items: ref('schemas', 'featureGeoJSON') },
      links: { type: 'array', items: ref('schemas', 'link') },
      timeStamp: { type: 'string', format: 'date-time' },
      numberMatched: { type: 'integer', minimum: 0 },
      numberReturned: { type: 'integer', minimum: 0 },
    },
  },
  queryables: {
    type: 'object',
    required: ['$id', 'type', 'properties'],
    properties: { $schema: { type: 'string' }, $id: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' }, properties: { type: 'object' } },
  },
  problem: {
    type: 'object',
    description: 'RFC 9457 problem details',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      errors: { type: 'array', items: { type: 'object', properties: { where: { type: 'string' }, message: { type: 'string' } } } },
    },
  },
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('schemas', 'problem') } } })

const RESPONSES = {
  BadRequest: problem('A parameter is malformed; `errors` says which and where.'),
  NotFound: problem('There is no such collection or feature.'),
  ServerError: problem('A fault on the server; details are in its log.'),
}

const html = { 'text/html': { schema: { type: 'string' } } }

function ok(description: string, mediaType: string, schema: string, withHtml = true) {
  return { description, content: { [mediaType]: { schema: ref('schemas', schema) }, ...(withHtml ? html : {}) } }
}

function operation(operationId: string, summary: string, tags: string[], parameters: string[], success: object, notFound = false) {
  return {
    get: {
      operationId,
      summary,
      tags,
      parameters: parameters.map((name) => ref('parameters', name)),
      responses: {
        200: success,
        400: ref('responses', 'BadRequest'),
        ...(notFound ? { 404: ref('responses', 'NotFound') } : {}),
        500: ref('responses', 'ServerError'),
      },
    },
  }
}

/** Part 4 operations on items: for signed-in editors (a session with x-csrf-token, or a personal API token as Bearer or Basic). */
function writeOperations(name: string, tags: string[], withId: boolean): Record<string, unknown> {
  const body = { required: true, content: { 'application/geo+json': { schema: ref('schemas', 'featureGeoJSON') } } }
  const ifMatch = {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'the ETag of the feature (GET it first), or * for whatever version is current; without it, PUT and PATCH need properties.version and DELETE is refused (428)',
    schema: { type: 'string' },
  }
  const refused = {
    400: ref('responses', 'BadRequest'),
    401: { description: 'Not signed in' },
    403: { description: 'Not an editor, or a missing x-csrf-token' },
    422: { description: 'The feature is not valid; errors name the property or coordinate' },
    500: ref('responses', 'ServerError'),
  }
  const security = [{ bearer: [] }, { basic: [] }, { session: [] }]
  if (!withId) {
    return { post: { operationId: `create${name}Item`, summary: 'Create a feature', tags, security, requestBody: body, responses: { 201: { description: 'Created; Location names the new feature' }, ...refused } } }
  }
  const existing = { parameters: [ref('parameters', 'featureId'), ifMatch], security, tags }
  const changed = { 200: { description: 'The stored feature, with its new ETag' }, 404: ref('responses', 'NotFound'), 412: { description: 'Someone saved first' }, 428: { description: 'If-Match is missing (and, for PUT and PATCH, properties.version)' }, ...refused }
  return {
    put: { operationId: `replace${name}Item`, summary: 'Replace a feature (its status changes through POST /zones/{id}/status)', ...existing, requestBody: body, responses: changed },
    patch: { operationId: `update${name}Item`, summary: 'Update some properties or the geometry of a feature', ...existing, requestBody: { required: true, content: { 'application/merge-patch+json': { schema: { type: 'object' } } } }, responses: changed },
    delete: { operationId: `delete${name}Item`, summary: 'Delete a feature (the zone is archived, never erased)', ...existing, responses: { 204: { description: 'Archived' }, 404: ref('responses', 'NotFound'), 412: changed[412], 428: changed[428], ...refused } },
  }
}

/** A name usable in operation ids: de-escalation-zone -> DeEscalationZone. */
const pascal = (id: string): string => id.replace(/(^|-)([a-z0-9])/g, (_match, _dash, letter: string) => letter.toUpperCase())

function collectionPaths(collection: OgcCollection): Record<string, unknown> {
  const base = `/collections/${collection.id}`
  const name = pascal(collection.id)
  const tags = [collection.title]
  // Only zones are written through OGC API - Features, and only they have a status and sponsors.
  const zones = collection.features === 'zones'
  return {
    [base]: operation(`describe${name}`, `Describes the collection ${collection.title}`, tags, ['f'], ok('The collection.', 'application/json', 'collection'), true),
    [`${base}/items`]: {
      ...operation(
        `get${name}Items`,
        `The features of ${collection.title}, filtered and paged`,
        tags,
        zones ? ['bbox', 'datetime', 'limit', 'offset', 'status', 'sponsor', 'filter', 'filter-lang', 'recorded_as_of', ...CRS_PARAMETERS, 'f'] : ['bbox', 'datetime', 'limit', 'offset', 'filter', 'filter-lang', ...CRS_PARAMETERS, 'f'],
        ok('A page of features, with links to the next and previous pages.', 'application/geo+json', 'featureCollectionGeoJSON'),
        true,
      ),
      ...(zones ? writeOperations(name, tags, false) : {}),
    },
    [`${base}/items/{featureId}`]: {
      ...operation(`get${name}Item`, `One feature of ${collection.title}`, tags, zones ? ['featureId', 'recorded_as_of', 'crs', 'f'] : ['featureId', 'crs', 'f'], ok('The feature.', 'application/geo+json', 'featureGeoJSON'), true),
      ...(zones ? writeOperations(name, tags, true) : {}),
    },
    [`${base}/queryables`]: operation(
      `get${name}Queryables`,
      `The properties a filter on ${collection.title} may use`,
      tags,
      ['f'],
      ok('A JSON Schema whose properties are the queryables.', 'application/schema+json', 'queryables'),
      true,
    ),
    ...collectionTilePaths(collection, name, tags),
  }
}

/** The OpenAPI document for the API whose landing page is `root` (…/ogc). */
export function openApiDocument(root: string, collections: readonly OgcCollection[]): Record<string, unknown> {
  const service = ['Capabilities']
  return {
    openapi: '3.0.3',
    info: {
      title: 'Truce Atlas: OGC API - Features',
      version: '1.0.0',
      description:
        'Ceasefire and de-escalation zones as OGC API - Features (Part 1: Core, GeoJSON, HTML, OpenAPI 3.0) with ' +
        'filtering in CQL2 text (Part 3) and Create, Replace, Update, Delete for signed-in editors (Part 4). Geometries are WGS 84 longitude/latitude; all geometries in the seed dataset are approximate.',
      contact: { name: 'Truce Atlas' },
    },
    servers: [{ url: root }],
    tags: [{ name: 'Capabilities' }, ...collections.map((collection) => ({ name: collection.title, description: collection.description }))],
    paths: {
      '/': operation('getLandingPage', 'The landing page', service, ['f'], ok('Links to the API definition, the conformance declaration and the collections.', 'application/json', 'landingPage')),
      '/conformance': operation('getConformance', 'The conformance classes this API implements', service, ['f'], ok('The conformance declaration.', 'application/json', 'confClasses')),
      '/api': {
        get: {
          operationId: 'getApiDefinition',
          summary: 'This document',
          tags: service,
          responses: {
            200: { description: 'The OpenAPI definition.', content: { 'application/vnd.oai.openapi+json;version=3.0': { schema: { type: 'object' } } } },
            500: ref('responses', 'ServerError'),
          },
        },
      },
      '/collections': operation('getCollections', 'The feature collections', service, ['f'], ok('The collections, with their extents and links.', 'application/json', 'collections')),
      ...Object.assign({}, ...collections.map(collectionPaths)),
      ...tileMatrixSetPaths(service),
    },
    components: {
      parameters: PARAMETERS,
      schemas: SCHEMAS,
      responses: RESPONSES,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a personal API token (POST /auth/tokens)' },
        basic: { type: 'http', scheme: 'basic', description: 'your username and a personal API token as the password (never the account password)' },
        session: { type: 'apiKey', in: 'cookie', name: 'truce_atlas_session', description: 'a browser session (POST /auth/login); changes also need x-csrf-token' },
      },
    },
  }
}
