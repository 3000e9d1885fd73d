import type { Knex } from 'knex'
import type { Kind } from '../../domain/kinds.ts'
import { GEOMETRY_FAMILY_TYPES, type GeometryFamily } from '../../domain/geometry-families.ts'
import { SPONSOR_ROLES, type Role } from '../../domain/parties.ts'
import type { Status } from '../../domain/statuses.ts'
import { TABLES } from './tables.ts'
import { VALIDITY_START_SQL, foldedWordIn, partyNamesToSearch, whereHasParty, whereIntersectsBbox } from './zone-sql.ts'

/**
 * Which zones a read is about: the filters of /zones and of OGC API - Features in one model. Each
 * field left out filters nothing; a zone matches when it satisfies every field given.
 */
export interface FeatureFilter {
  status?: readonly Status[] | undefined
  kind?: readonly Kind[] | undefined
  /** The zones whose geometry is of this family (one of its two types); collections and missing geometries are in none. */
  geometryFamily?: GeometryFamily | undefined
  /** Slugs of parties one of which sponsors the zone (in one of SPONSOR_ROLES). */
  sponsor?: readonly string[] | undefined
  /** Slugs of parties one of which takes part in the zone (in one of `role`, when given). */
  party?: readonly string[] | undefined
  role?: readonly Role[] | undefined
  /** [west, south, east, north]; west east of east crosses the antimeridian. */
  bbox?: readonly number[] | undefined
  /** [lon, lat]: the zones whose shape contains the point. */
  contains?: readonly [number, number] | undefined
  /** The zones as they stood on this day (YYYY-MM-DD), instead of today. */
  asOf?: string | undefined
  /** The zones as the Atlas had recorded them at this instant (RFC 3339), instead of now. */
  recordedAsOf?: string | undefined
  /** Words, each somewhere in the zone's names, slug, description or a party's names (folded for search). */
  q?: string | undefined
  /** The archived zones instead of the others (for admins, who may restore them). */
  archived?: boolean | undefined
  /** The zones valid on some day of these UTC dates, both included; null is an open end. */
  during?: { from: string | null; to: string | null } | undefined
  /** A compiled condition on `z` (a CQL2 filter through the queryables allowlist). */
  condition?: { sql: string; bindings: ReadonlyArray<string | number | boolean> } | undefined
}

/** `GeometryType(z.geom) in (...)` for a family: PostGIS names the types in capitals (POLYGON, MULTIPOLYGON). */
export function geometryFamilySql(family: GeometryFamily): string {
  return `GeometryType(z.geom) in (${GEOMETRY_FAMILY_TYPES[family].map((type) => `'${type.toUpperCase()}'`).join(', ')})`
}

/** The zone's validity [start, ended_on or open] intersects the dates [from, to]. */
function whereValidDuring(query: Knex.QueryBuilder, { from, to }: { from: string | null; to: string | null }): void {
  if (to !== null) query.whereRaw(`${VALIDITY_START_SQL} <= ?::date`, [to])
  if (from !== null) query.whereRaw('(z.ended_on is null or z.ended_on >= ?::date)', [from])
  if (from !== null && to === null) query.whereRaw(`${VALIDITY_START_SQL} is not null`)
}

/**
 * Every word somewhere in the zone's names (English, Arabic, other spellings), slug, description or a
 * party's names, folded for search (see foldedWordIn): as the map's list search.
 */
function whereHasWords(query: Knex.QueryBuilder, q: string): void {
  const zoneTexts = foldedWordIn(['z.name', 'z.name_ar', 'array_to_string(z.search_names, chr(10))', 'z.slug', 'z.description'])
  const partyTexts = foldedWordIn(partyNamesToSearch('qp'))
  for (const word of q.split(/\s+/).filter(Boolean)) {
    query.where((inner) =>
      inner
        .whereRaw(zoneTexts, [word])
        .orWhereExists((parties) =>
          parties.select(parties.client.raw('1')).from(`${TABLES.zoneParties} as qzp`).join(`${TABLES.parties} as qp`, 'qp.id', 'qzp.party_id').whereRaw('qzp.zone_id = z.id').whereRaw(partyTexts, [word]),
        ),
    )
  }
}

/** Adds the filter's conditions on the zones aliased `z` (unarchived ones unless it asks for the archived). */
export function whereFeatureFilter(query: Knex.QueryBuilder, filter: FeatureFilter): void {
  query.where('z.archived', filter.archived ?? false)
  if (filter.status) query.whereIn('z.status', filter.status)
  if (filter.kind) query.whereIn('z.kind', filter.kind)
  if (filter.geometryFamily) query.whereRaw(geometryFamilySql(filter.geometryFamily))
  if (filter.sponsor) whereHasParty(query, filter.sponsor, SPONSOR_ROLES)
  if (filter.party || filter.role) whereHasParty(query, filter.party, filter.role)
  if (filter.bbox) whereIntersectsBbox(query, filter.bbox)
  if (filter.contains) query.whereRaw('ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))', [...filter.contains])
  if (filter.q) whereHasWords(query, filter.q)
  if (filter.during) whereValidDuring(query, filter.during)
  if (filter.condition) query.whereRaw(filter.condition.sql, [...filter.condition.bindings])
}
