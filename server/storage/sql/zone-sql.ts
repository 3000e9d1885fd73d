import type { Knex } from 'knex'
import { SPONSOR_ROLES } from '../../domain/parties.ts'
import { STATUSES, isFinal } from '../../domain/statuses.ts'
import { TABLES } from './tables.ts'
import { citedSourcesSql, publicTextSql } from './cited-text.ts'
import { ZONE_AGREEMENTS_SQL } from './agreement-sql.ts'
import { bindMarkedValues, markValue } from './marked-values.ts'
import { VERSION_DESCRIPTION_COLUMNS, VERSION_OUTLINE_COLUMNS, versionOnDayJoin } from './boundary-sql.ts'

/**
 * Small SQL builders for the zones feature queries. Every value is a bound parameter; property and
 * column names only ever come from the allowlists in this file.
 */

const SPONSOR_ROLE_LIST = SPONSOR_ROLES.map((role) => `'${role}'`).join(', ')

/**
 * The zone's parties as [{slug, name, name_ar, type, role, note}], its sponsors' names and its parties' notes
 * as one text (for the sources they cite), for a zone aliased `z`.
 */
export const PARTIES_LATERAL = `left join lateral (
    select coalesce(json_agg(json_build_object('slug', p.slug, 'name', p.name, 'name_ar', p.name_ar, 'type', p.type, 'role', zp.role, 'note', ${publicTextSql('zp.note')}) order by p.name, zp.role), '[]'::json) as parties,
           coalesce(json_agg(distinct p.name) filter (where zp.role in (${SPONSOR_ROLE_LIST})), '[]'::json) as sponsors,
           string_agg(zp.note, ' ') as notes
      from ${TABLES.zoneParties} zp join ${TABLES.parties} p on p.id = zp.party_id
     where zp.zone_id = z.id
  ) zp on true`

/** The web addresses of the sources cited for a zone aliased `z`, as a json array, oldest source first. */
export const SOURCE_URLS_SQL = `(select coalesce(json_agg(s.url order by s.id), '[]'::json)
      from ${TABLES.zoneSources} zs join ${TABLES.sources} s on s.id = zs.source_id
     where zs.zone_id = z.id and s.url is not null)`

/** The grade of each of those sources, in the same order ('ungraded' for one without a grade). */
export const SOURCE_RELIABILITY_SQL = `(select coalesce(json_agg(coalesce(s.reliability, 'ungraded') order by s.id), '[]'::json)
      from ${TABLES.zoneSources} zs join ${TABLES.sources} s on s.id = zs.source_id
     where zs.zone_id = z.id and s.url is not null)`

/**
 * A siege's assessments, oldest first, each with its one source: [{assessed_on, assessed_precision,
 * severity, population, source: {title, url}, note}] ('[]' for a zone without any).
 */
export const SIEGE_ASSESSMENTS_SQL = `(select coalesce(json_agg(json_build_object('assessed_on', sa.assessed_on, 'assessed_precision', sa.assessed_precision,
        'severity', sa.severity, 'population', sa.population, 'source', json_build_object('title', s.title, 'url', s.url),
        'note', ${publicTextSql('sa.note')}) order by sa.assessed_on, sa.id), '[]'::json)
      from ${TABLES.siegeAssessments} sa join ${TABLES.sources} s on s.id = sa.source_id
     where sa.zone_id = z.id)`

/** The columns of a zone that do not depend on the date it is read at. */
const ZONE_COLUMNS = [
  'id', 'slug', 'name', 'name_ar', 'search_names', 'kind', 'description', 'geom', 'proposed_on', 'location_precision',
  'geometry_note', 'curation_note', 'version', 'archived', 'created_at', 'updated_at', 'area_km2',
  'geom_z4', 'geom_z8', 'geom_z12', // generalized outlines (migration 009)
]

/** A zone column as read by date: the outline and its description from the version in force (aliased `bv`). */
function datedColumn(column: string): string {
  if ((VERSION_OUTLINE_COLUMNS as readonly string[]).includes(column)) return `bv.${column}`
  if ((VERSION_DESCRIPTION_COLUMNS as readonly string[]).includes(column)) return `case when bv.id is null then z0.${column} else bv.${column} end as ${column}`
  return `z0.${column}`
}

const FINAL_STATUSES = STATUSES.filter(isFinal).map((status) => `'${status}'`).join(', ')

/**
 * The zones as they stand on `day` (an SQL date expression), as a relation aliased `z`: each with the
 * status of its latest history entry up to that day, the dates it reached by then, and the boundary
 * version in force that day. A zones row holds the status of its latest entry, which may be
 * scheduled for a later day, and the outline in force today; `current` reads that row and looks the
 * history up only for zones with a scheduled change, so a change takes effect on its day without any
 * write. Without `current`, zones not yet proposed on the day are absent.
 *
 * With `recorded` (an SQL timestamptz), as the Atlas had recorded them then: zones created by then,
 * history entries recorded by then (an undo recorded later does not count), and boundary versions
 * recorded and not yet superseded by then. Names, descriptions and parties are read as they are now.
 */
function zonesOnDay(day: string, current: boolean, recorded: string | null = null): string {
  const latestEntry = `select sc.to_status, sc.effective_on from ${TABLES.statusChanges} sc
           where ${current ? `z0.status_since > ${day} and ` : ''}sc.zone_id = z0.id and sc.effective_on <= ${day}${recorded ? ` and sc.recorded_at <= ${recorded}` : ''}
           order by sc.effective_on desc, sc.id desc limit 1`
  // As recorded then, the dates come from the history recorded by then (a later undo may have cleared the zone's own).
  const firstActive = `(select min(sa.effective_on) from ${TABLES.statusChanges} sa
           where sa.zone_id = z0.id and sa.to_status = 'active' and sa.reverses_change_id is null and sa.effective_on <= ${day} and sa.recorded_at <= ${recorded}
             and not exists (select 1 from ${TABLES.statusChanges} su where su.reverses_change_id = sa.id and su.recorded_at <= ${recorded}))`
  const inForceFrom = recorded ? firstActive : `case when z0.in_force_from <= ${day} then z0.in_force_from end`
  const endedOn = recorded ? `case when h.to_status in (${FINAL_STATUSES}) then h.effective_on end` : `case when z0.ended_on <= ${day} then z0.ended_on end`
  return `(select ${ZONE_COLUMNS.map(current ? (column: string) => `z0.${column}` : datedColumn).join(', ')},
          ${current ? 'coalesce(h.to_status, z0.status)' : 'h.to_status'} as status,
          ${current ? 'coalesce(h.effective_on, z0.status_since)' : 'h.effective_on'} as status_since,
          ${inForceFrom} as in_force_from,
          ${endedOn} as ended_on
        from ${TABLES.zones} z0
        ${current ? 'left join' : 'cross join'} lateral (${latestEntry}) h${current ? ' on true' : ''}
        ${current ? '' : versionOnDayJoin('z0', day, recorded)}${recorded ? `
        where z0.created_at <= ${recorded}` : ''}) as z`
}

/** The zones as they stand today (see zonesOnDay), as SQL for a relation aliased `z`. */
export const CURRENT_ZONES_SQL = zonesOnDay('current_date', true)


/**
 * The zones as they stood on `asOf` (YYYY-MM-DD), or as they stand today, as a relation aliased `z`;
 * as the Atlas had recorded them at `recordedAsOf` (an RFC 3339 instant), or as it records them now.
 */
export function zonesSource(knex: Knex, asOf: string | undefined, recordedAsOf?: string | undefined): Knex.Raw {
  if (!asOf && !recordedAsOf) return knex.raw(CURRENT_ZONES_SQL)
  const { sql, bindings } = bindMarkedValues(zonesOnDay(asOf ? markValue('day') : 'current_date', false, recordedAsOf ? markValue('recorded') : null), {
    ...(asOf ? { day: { value: asOf, type: 'date' } } : {}),
    ...(recordedAsOf ? { recorded: { value: recordedAsOf, type: 'timestamptz' } } : {}),
  })
  return knex.raw(sql, bindings)
}

/** The feature properties that can be chosen with `properties=`, and the SQL that gives each. */
export const PROPERTY_SQL = {
  slug: 'z.slug',
  name: 'z.name',
  name_en: 'z.name',
  name_ar: 'z.name_ar',
  search_names: 'z.search_names',
  kind: 'z.kind',
  status: 'z.status',
  status_since: 'z.status_since',
  description: publicTextSql('z.description'),
  proposed_on: 'z.proposed_on',
  in_force_from: 'z.in_force_from',
  ended_on: 'z.ended_on',
  area_km2: 'round(z.area_km2::numeric, 1)',
  approximate: "(z.location_precision <> 'exact')",
  location_precision: 'z.location_precision',
  geometry_note: publicTextSql('z.geometry_note'),
  citations: citedSourcesSql(['z.description', 'z.geometry_note', 'zp.notes']),
  parties: 'zp.parties',
  sponsors: 'zp.sponsors',
  agreements: ZONE_AGREEMENTS_SQL,
  siege_assessments: SIEGE_ASSESSMENTS_SQL,
  version: 'z.version',
  updated_at: 'z.updated_at',
  source_urls: SOURCE_URLS_SQL,
  links: `json_build_array(
      json_build_object('rel', 'self', 'type', 'application/geo+json', 'href', ?::text || '/zones/' || z.id),
      json_build_object('rel', 'history', 'type', 'application/json', 'href', ?::text || '/zones/' || z.id || '/history'))`,
} as const

export type ZoneProperty = keyof typeof PROPERTY_SQL
export const ZONE_PROPERTIES = Object.keys(PROPERTY_SQL) as ZoneProperty[]

/** Properties for signed-in editors only: never in a public response, an export or a tile. */
export const EDITOR_PROPERTY_SQL = {
  curation_note: 'z.curation_note',
} as const

export type EditorProperty = keyof typeof EDITOR_PROPERTY_SQL
export const EDITOR_PROPERTIES = Object.keys(EDITOR_PROPERTY_SQL) as EditorProperty[]

/**
 * The properties that read otherwise in another language than English: with `lang=ar`, `name` is the
 * Arabic name where there is one (the English one otherwise); name_en and name_ar stay as they are.
 */
export const ZONE_PROPERTY_SQL_IN_LANGUAGE = {
  ar: { name: 'coalesce(z.name_ar, z.name)' },
} as const

/** Every property's SQL, public and for editors: what a description of the zones offers. */
export const ANY_PROPERTY_SQL: Record<ZoneProperty | EditorProperty, string> = { ...PROPERTY_SQL, ...EDITOR_PROPERTY_SQL }

const pickProperties = (...names: ZoneProperty[]): Record<string, string> => Object.fromEntries(names.map((name) => [name, PROPERTY_SQL[name]]))

/** A zone's export columns (CSV and KML), the shape aside: its id and public properties as plain values. */
export const EXPORT_COLUMN_SQL: Readonly<Record<string, string>> = {
  id: 'z.id',
  ...pickProperties('slug', 'name', 'name_ar', 'kind', 'status', 'status_since', 'proposed_on', 'in_force_from', 'ended_on', 'description'),
  area_km2: `${PROPERTY_SQL.area_km2}::float8`, // a number in the row, not numeric's text
  ...pickProperties('approximate', 'sponsors', 'parties', 'source_urls'),
  source_reliability: SOURCE_RELIABILITY_SQL,
}

/** When any zone last changed, as RFC 3339 UTC text (null in an empty database): the OGC timeStamp. */
export const LAST_CHANGE_SQL = `(select to_char(max(updated_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from ${TABLES.zones})`

/** The first day a zone aliased `z` is valid: its first history entry, else its proposal date. */
export const VALIDITY_START_SQL = `coalesce((select min(sc.effective_on) from ${TABLES.statusChanges} sc where sc.zone_id = z.id), z.proposed_on)`

const KML_COORDINATES = `'<coordinates>([^<]*)</coordinates>'`

/**
 * The zone's shape as the simple parts KML draws (points, lines, polygons; multi-part shapes and
 * collections flattened), each with the KML coordinate text of its rings (for a polygon: the outer
 * ring first) as PostGIS writes them, so that no coordinate is parsed in JavaScript:
 * [{"type": "POLYGON", "rings": ["36,33 36.1,33 ...", ...]}]. Its two bindings are the decimals, twice.
 */
export const KML_PARTS_SQL = `(select coalesce(json_agg(json_build_object('type', GeometryType(part.geom), 'rings',
      case when GeometryType(part.geom) = 'POLYGON'
        then (select json_agg(substring(ST_AsKML(ring.geom, ?) from ${KML_COORDINATES}) order by ring.path) from ST_DumpRings(part.geom) ring)
        else json_build_array(substring(ST_AsKML(part.geom, ?) from ${KML_COORDINATES})) end) order by part.path), '[]'::json)
      from ST_Dump(z.geom) part)`

/**
 * SQL true when one word (bound as its one `?`) is in any of the texts, both folded for search by
 * atlas_search_text (migration 017): case, diacritics, apostrophes, hyphens and Arabic letter forms
 * aside, so that Dar'a, Daraa and درعا each find what is written so. The word is matched literally.
 */
export function foldedWordIn(texts: readonly string[]): string {
  return `strpos(atlas_search_text(concat_ws(chr(10), ${texts.join(', ')})), atlas_search_text(?::text)) > 0`
}

/** A party's names to search, for a party aliased `alias`: English, Arabic and the other spellings. */
export function partyNamesToSearch(alias: string): string[] {
  return [`${alias}.name`, `${alias}.name_ar`, `array_to_string(${alias}.search_names, chr(10))`]
}

/** Escapes LIKE wildcards so that `q=` matches its text literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}

/** `geom` intersects the box; a box whose west edge is east of its east edge crosses the antimeridian. */
export function whereIntersectsBbox(query: Knex.QueryBuilder, [west, south, east, north]: readonly number[]): void {
  if (west! <= east!) {
    query.whereRaw('ST_Intersects(z.geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))', [west!, south!, east!, north!])
  } else {
    query.whereRaw('(ST_Intersects(z.geom, ST_MakeEnvelope(?, ?, 180, ?, 4326)) or ST_Intersects(z.geom, ST_MakeEnvelope(-180, ?, ?, ?, 4326)))', [
      west!, south!, north!, south!, east!, north!,
    ])
  }
}

/**
 * Zones aliased `z` one of whose parties (in one of `roles`, when given) satisfies `condition` on
 * `pn.name`: each of the party's names (slug, English, Arabic), so a filter may give any of them.
 */
export function anyPartyNameSql(roles?: readonly string[]): (condition: string) => string {
  const inRoles = roles ? ` and fp.role in (${roles.map((role) => `'${role}'`).join(', ')})` : ''
  return (condition) => `exists (select 1 from ${TABLES.zoneParties} fp join ${TABLES.parties} fpp on fpp.id = fp.party_id
    cross join lateral (values (fpp.slug), (fpp.name), (fpp.name_ar)) pn(name)
    where fp.zone_id = z.id${inRoles} and ${condition})`
}

/** Zones one of whose parties is among `slugs` (in one of `roles`, when given). */
export function whereHasParty(query: Knex.QueryBuilder, slugs: readonly string[] | undefined, roles: readonly string[] | undefined): void {
  query.whereExists(function partyMatches(this: Knex.QueryBuilder) {
    this.select(this.client.raw('1'))
      .from(`${TABLES.zoneParties} as fp`)
      .join(`${TABLES.parties} as fpp`, 'fpp.id', 'fp.party_id')
      .whereRaw('fp.zone_id = z.id')
    if (slugs) this.whereIn('fpp.slug', slugs)
    if (roles) this.whereIn('fp.role', roles)
  })
}
