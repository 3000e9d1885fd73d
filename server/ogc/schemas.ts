import { Type } from 'typebox'
import { STATUSES } from '../domain/statuses.ts'
import { Slug } from '../schemas/common.ts'
import { RecordedAsOf } from '../schemas/zone-boundaries.ts'
import { Lang } from '../schemas/zones.ts'
import { FORMATS } from './format.ts'
import { FILTER_LANGUAGES } from './filter.ts'
import { SUPPORTED_CRS_URIS } from './crs.ts'
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET } from './paging.ts'

/**
 * Request schemas of the /ogc routes. Unknown query parameters are refused (400), except that every
 * route takes `f`. A limit above MAX_LIMIT (up to 2^53 - 1) is served as MAX_LIMIT.
 */

export const FormatQuery = Type.Object(
  { f: Type.Optional(Type.Enum(FORMATS, { description: 'json or html; without it, the Accept header decides' })) },
  { additionalProperties: false },
)

// Plain strings, so that an id that cannot exist is a 404 rather than a 400 (the router caps their length).
export const CollectionParams = Type.Object({ collectionId: Type.String({ description: 'zones, or a kind such as siege' }) })

export const FeatureParams = Type.Object({
  collectionId: Type.String({ description: 'zones, or a kind such as siege' }),
  featureId: Type.String({ description: 'the zone id' }),
})

/** A CRS URI (checked against those supported by the route, so the 400 can list them). */
const CrsUri = (description: string) => Type.Optional(Type.String({ maxLength: 200, description: `${description}: one of ${SUPPORTED_CRS_URIS.join(', ')}` }))

export const ITEMS_COMMA_LISTS = ['bbox', 'status', 'sponsor']

export const ItemsQuery = Type.Object(
  {
    f: Type.Optional(Type.Enum(FORMATS)),
    bbox: Type.Optional(Type.Array(Type.Number(), { minItems: 4, maxItems: 6, description: 'west,south,east,north (WGS 84)' })),
    datetime: Type.Optional(Type.String({ maxLength: 100, description: 'an RFC 3339 instant, or an interval start/end with .. for an open end' })),
    limit: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: DEFAULT_LIMIT, description: `features per page; above ${MAX_LIMIT} is served as ${MAX_LIMIT}` }),
    offset: Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'features to skip' }),
    status: Type.Optional(Type.Array(Type.Enum(STATUSES), { minItems: 1, maxItems: STATUSES.length, description: 'statuses, comma separated' })),
    sponsor: Type.Optional(Type.Array(Slug, { minItems: 1, maxItems: 50, description: 'party slugs of sponsors or guarantors, comma separated' })),
    filter: Type.Optional(Type.String({ description: 'a CQL2 text filter on the queryables' })),
    'filter-lang': Type.Optional(Type.Enum(FILTER_LANGUAGES, { description: 'the language of filter' })),
    recorded_as_of: Type.Optional(RecordedAsOf),
    lang: Type.Optional(Lang),
    crs: CrsUri('the CRS of the coordinates written'),
    'bbox-crs': CrsUri('the CRS of bbox, in its axis order'),
    'filter-crs': CrsUri('the CRS of the geometries in filter (CRS84 only)'),
  },
  { additionalProperties: false },
)

/** One feature: its format, and (a vendor parameter) the instant it is read as recorded at. */
export const ItemQuery = Type.Object(
  {
    f: Type.Optional(Type.Enum(FORMATS, { description: 'json or html; without it, the Accept header decides' })),
    recorded_as_of: Type.Optional(RecordedAsOf),
    lang: Type.Optional(Lang),
    crs: CrsUri('the CRS of the coordinates written'),
  },
  { additionalProperties: false },
)
