import { ENDING_STATUSES, type ChangeType } from '../../domain/changes.ts'
import type { Kind } from '../../domain/kinds.ts'
import { SPONSOR_ROLES } from '../../domain/parties.ts'
import type { Status } from '../../domain/statuses.ts'
import { publicTextSql } from './cited-text.ts'
import { DATA_VERSION_SQL } from './data-version.ts'
import { type Fragment, join, list, raw, sql } from './sql-fragment.ts'
import { TABLES } from './tables.ts'
import { inForceOrderSql } from './boundary-sql.ts'
import { likePattern } from './zone-sql.ts'

/**
 * What changed between two dates, as one statement: a UNION ALL of the kinds of change (status
 * changes, boundary versions, agreements signed), each with the request's filters pushed into it,
 * then the page of them with what each change says (its zone or agreement, the area a boundary
 * gained and lost, its sources) built as JSON by PostgreSQL.
 *
 * A change is keyed by its date, the rank of its kind (agreements first, as they lead to what
 * follows them on the same day; then status changes, then boundaries) and its row's id: the order
 * of a page and the keyset of its cursor.
 */

/** Which changes a read is about; each field left out filters nothing. */
export interface ChangeFilter {
  /** The dates of the changes, both included (YYYY-MM-DD); an end left out is open. */
  from?: string | undefined
  to?: string | undefined
  type?: readonly ChangeType[] | undefined
  /** Changes of zones of these kinds (agreements: linked to one). */
  kind?: readonly Kind[] | undefined
  /** Status changes to these statuses; boundary versions and agreements of zones with one of them then. */
  status?: readonly Status[] | undefined
  /** Zones one of these parties takes part in (agreements: a party to it, or to a linked zone). */
  party?: readonly string[] | undefined
  /** Zones one of these parties sponsors or guarantees (agreements: of a linked zone). */
  sponsor?: readonly string[] | undefined
  /** One zone, by id or slug (agreements: linked to it). */
  zone?: number | string | undefined
  /** [west, south, east, north]: the zone's boundary then (the version in force on the change's date) intersects it. */
  bbox?: readonly [number, number, number, number] | undefined
  /** Words, each in the zone's name or slug or the change's reason (agreements: title, slug or description). */
  q?: string | undefined
  /** An RFC 3339 instant: only what had been recorded by then, as it stood then. */
  recordedAsOf?: string | undefined
}

/** Where a change stands in date order: the keyset of a cursor. */
export interface ChangeKey {
  day: string
  rank: number
  id: number
}

/** Oldest first from after `after` (pages of /changes), or the most recently recorded first (the feed). */
export type ChangeOrder = { by: 'date'; limit: number; after?: ChangeKey | undefined } | { by: 'recorded'; limit: number }

const RANK = { agreement: 0, status: 1, boundary: 2 } as const
/** A rank as SQL: constants of the code are written, not bound (a bound one would have no type in a UNION). */
const rank = (kind: keyof typeof RANK) => raw(String(RANK[kind]))
const STATUS_TYPES: readonly ChangeType[] = ['appeared', 'ended', 'status']

/** The rows of a source table visible to the read: all of them now, or those recorded (and not superseded) by then. */
function recordedBy(alias: string, filter: ChangeFilter): Fragment {
  return filter.recordedAsOf === undefined ? raw('true') : sql`${raw(alias)}.recorded_at <= ${filter.recordedAsOf}::timestamptz`
}

/** The versions of a boundary that stand: not superseded (by then). */
function standingBoundary(alias: string, filter: ChangeFilter): Fragment {
  if (filter.recordedAsOf === undefined) return raw(`${alias}.superseded_at is null`)
  return sql`${recordedBy(alias, filter)} and (${raw(alias)}.superseded_at is null or ${raw(alias)}.superseded_at > ${filter.recordedAsOf}::timestamptz)`
}

/** A status change that stands: not undone by a reversal (recorded by then). */
function notUndone(alias: string, filter: ChangeFilter): Fragment {
  return sql`not exists (select 1 from ${raw(TABLES.statusChanges)} undo where undo.reverses_change_id = ${raw(alias)}.id and ${recordedBy('undo', filter)})`
}

/** The status of the zone `z` on `day` (an SQL date expression), by its latest entry up to then. */
function statusThen(day: Fragment, filter: ChangeFilter): Fragment {
  return sql`(select st.to_status from ${raw(TABLES.statusChanges)} st
      where st.zone_id = z.id and st.effective_on <= ${day} and ${recordedBy('st', filter)}
      order by st.effective_on desc, st.id desc limit 1)`
}

/** The outline of the zone `z` in force on `day` (a column): that version, else the zone's own. */
function boundaryThen(day: string, filter: ChangeFilter): Fragment {
  return sql`coalesce((select b.geom from ${raw(TABLES.zoneBoundaries)} b where b.zone_id = z.id and ${standingBoundary('b', filter)}
      ${raw(inForceOrderSql(day))} limit 1), z.geom)`
}

/** `geom` intersects the box; a box whose west edge is east of its east edge crosses the antimeridian. */
function intersectsBbox(geom: Fragment, [west, south, east, north]: readonly number[]): Fragment {
  if (west! <= east!) return sql`ST_Intersects(${geom}, ST_MakeEnvelope(${west!}, ${south!}, ${east!}, ${north!}, 4326))`
  return sql`(ST_Intersects(${geom}, ST_MakeEnvelope(${west!}, ${south!}, 180, ${north!}, 4326)) or ST_Intersects(${geom}, ST_MakeEnvelope(-180, ${south!}, ${east!}, ${north!}, 4326)))`
}

/** The zone `z` has a party among `slugs`, in one of `roles` when given. */
function hasParty(slugs: readonly string[], roles?: readonly string[]): Fragment {
  const inRole = roles ? sql` and fp.role in (${list(roles)})` : raw('')
  return sql`exists (select 1 from ${raw(TABLES.zoneParties)} fp join ${raw(TABLES.parties)} fpp on fpp.id = fp.party_id
      where fp.zone_id = z.id and fpp.slug in (${list(slugs)})${inRole})`
}

/** Every word in one of the texts. */
function hasWords(q: string | undefined, texts: readonly string[]): Fragment {
  const words = (q ?? '').split(/\s+/).filter(Boolean)
  return join(words.map((word) => join(texts.map((text) => sql`${raw(text)} ilike ${likePattern(word)}`), ' or ', 'false')), ' and ')
}

/**
 * The conditions on the zone `z` of a change: not archived, and each zone filter given.
 * `geom` is its outline then; `status` the status to match (the one a status change leads to, or
 * the zone's then). Party is left to the caller when `withParty` is false.
 */
function zoneConditions(filter: ChangeFilter, geom: Fragment, status: Fragment, withParty = true): Fragment {
  const conditions: Fragment[] = [raw('not z.archived')]
  if (filter.kind) conditions.push(sql`z.kind in (${list(filter.kind)})`)
  if (filter.status) conditions.push(sql`${status} in (${list(filter.status)})`)
  if (filter.party && withParty) conditions.push(hasParty(filter.party))
  if (filter.sponsor) conditions.push(hasParty(filter.sponsor, SPONSOR_ROLES))
  if (filter.zone !== undefined) conditions.push(typeof filter.zone === 'number' ? sql`z.id = ${filter.zone}` : sql`z.slug = ${filter.zone}`)
  if (filter.bbox) conditions.push(intersectsBbox(geom, filter.bbox))
  return join(conditions, ' and ')
}

/** The change's date within the window. */
function inWindow(column: string, filter: ChangeFilter): Fragment {
  const conditions: Fragment[] = []
  if (filter.from !== undefined) conditions.push(sql`${raw(column)} >= ${filter.from}::date`)
  if (filter.to !== undefined) conditions.push(sql`${raw(column)} <= ${filter.to}::date`)
  return join(conditions, ' and ')
}

/** The columns every kind of change gives, in this order. */
const COLUMNS = 'rank, source_id, type, day, day_precision, zone_id, agreement_id, from_status, to_status, reason, previous_boundary_id, recorded_at'

function statusChanges(filter: ChangeFilter): Fragment {
  const earlierEntry = sql`exists (select 1 from ${raw(TABLES.statusChanges)} e
      where e.zone_id = sc.zone_id and (e.effective_on, e.id) < (sc.effective_on, sc.id) and ${recordedBy('e', filter)})`
  const type = sql`case when not ${earlierEntry} then 'appeared' when sc.to_status in (${list(ENDING_STATUSES)}) then 'ended' else 'status' end`
  const wantedTypes = filter.type?.filter((type) => STATUS_TYPES.includes(type))
  return sql`select * from (
      select ${rank('status')} as rank, sc.id as source_id, ${type} as type, sc.effective_on as day, sc.effective_precision as day_precision,
             sc.zone_id, sc.agreement_id, sc.from_status, sc.to_status, sc.reason, null::integer as previous_boundary_id, sc.recorded_at
        from ${raw(TABLES.statusChanges)} sc join ${raw(TABLES.zones)} z on z.id = sc.zone_id
       where ${inWindow('sc.effective_on', filter)} and sc.reverses_change_id is null and ${recordedBy('sc', filter)} and ${notUndone('sc', filter)}
         and ${zoneConditions(filter, boundaryThen('sc.effective_on', filter), raw('sc.to_status'))}
         and ${hasWords(filter.q, ['z.name', 'z.slug', 'sc.reason'])}
    ) status_rows${wantedTypes && wantedTypes.length < STATUS_TYPES.length ? sql` where status_rows.type in (${list(wantedTypes)})` : raw('')}`
}

function boundaryVersions(filter: ChangeFilter): Fragment {
  return sql`select ${rank('boundary')}, b.id, 'boundary', b.effective_on, b.effective_precision,
           b.zone_id, null::integer, null::text, null::text, b.reason, previous.id, b.recorded_at
      from ${raw(TABLES.zoneBoundaries)} b join ${raw(TABLES.zones)} z on z.id = b.zone_id
      cross join lateral (select p.id from ${raw(TABLES.zoneBoundaries)} p
                           where p.zone_id = b.zone_id and ${standingBoundary('p', filter)} and (p.effective_on, p.id) < (b.effective_on, b.id)
                           order by p.effective_on desc, p.id desc limit 1) previous
     where ${inWindow('b.effective_on', filter)} and ${standingBoundary('b', filter)}
       and ${zoneConditions(filter, raw('b.geom'), statusThen(raw('b.effective_on'), filter))}
       and ${hasWords(filter.q, ['z.name', 'z.slug', 'b.reason'])}`
}

function agreementsSigned(filter: ChangeFilter): Fragment {
  const conditions: Fragment[] = [raw('not a.archived'), raw('a.signed_on is not null'), inWindow('a.signed_on', filter)]
  if (filter.recordedAsOf !== undefined) conditions.push(sql`a.created_at <= ${filter.recordedAsOf}::timestamptz`)
  const linkedZone = (condition: Fragment) =>
    sql`exists (select 1 from ${raw(TABLES.agreementZones)} az join ${raw(TABLES.zones)} z on z.id = az.zone_id where az.agreement_id = a.id and ${condition})`
  if (filter.kind || filter.status || filter.sponsor || filter.zone !== undefined || filter.bbox) {
    conditions.push(linkedZone(zoneConditions(filter, boundaryThen('a.signed_on', filter), statusThen(raw('a.signed_on'), filter), false)))
  }
  if (filter.party) {
    const signed = sql`exists (select 1 from ${raw(TABLES.agreementParties)} ap join ${raw(TABLES.parties)} app on app.id = ap.party_id
        where ap.agreement_id = a.id and app.slug in (${list(filter.party)}))`
    conditions.push(sql`${signed} or ${linkedZone(sql`not z.archived and ${hasParty(filter.party)}`)}`)
  }
  conditions.push(hasWords(filter.q, ['a.title', 'a.slug', "coalesce(a.description, '')"]))
  return sql`select ${rank('agreement')}, a.id, 'agreement', a.signed_on, a.signed_precision,
           null::integer, a.id, null::text, null::text, a.description, null::integer, a.created_at
      from ${raw(TABLES.agreements)} a
     where ${join(conditions, ' and ')}`
}

/** Every change matching the filter, as rows of COLUMNS (a relation to select from). */
export function matchingChanges(filter: ChangeFilter): Fragment {
  const wants = (...types: ChangeType[]) => !filter.type || types.some((type) => filter.type!.includes(type))
  const branches = [
    wants('appeared', 'ended', 'status') ? statusChanges(filter) : null,
    wants('boundary') ? boundaryVersions(filter) : null,
    wants('agreement') ? agreementsSigned(filter) : null,
  ].filter((branch): branch is Fragment => branch !== null)
  // Every type left out: a relation of the same columns without rows.
  if (branches.length === 0) return raw(`select * from (values (0, 0, '', current_date, '', 0, 0, '', '', '', 0, now())) as nothing(${COLUMNS}) where false`)
  const union = { sql: branches.map((branch) => `(${branch.sql})`).join('\nunion all\n'), bindings: branches.flatMap((branch) => branch.bindings) }
  return sql`select * from (${union}) as changes(${raw(COLUMNS)})`
}

const SOURCES_OF = (table: string, column: string, id: string) => `(select coalesce(json_agg(json_build_object('title', s.title, 'url', s.url) order by s.id), '[]'::json)
      from ${table} l join ${TABLES.sources} s on s.id = l.source_id where l.${column} = ${id})`

/** An instant as RFC 3339 UTC text with microseconds, as Atom and JSON Schema's date-time take it. */
const utcText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

const roundedKm2 = (expression: string) => `round((${expression})::numeric, 1)`
const areaKm2 = (geometry: string) => `ST_Area((${geometry})::geography) / 1e6`

/** One change as JSON, for a page row `p` with its zone `z`, agreement `a`, boundary `nb` and the version before it `pb`. */
function changeObject(root: string): Fragment {
  const zoneLinks = sql`json_build_object('rel', 'zone', 'type', 'application/geo+json', 'href', ${root}::text || '/zones/' || z.id),
        json_build_object('rel', 'history', 'type', 'application/json', 'href', ${root}::text || '/zones/' || z.id || '/history'),
        json_build_object('rel', 'map', 'type', 'text/html', 'href', ${root}::text || '/' || chr(63) || 'zone=' || z.slug || '&date=' || to_char(p.day, 'YYYY-MM-DD'))`
  const agreementLink = sql`json_build_object('rel', 'agreement', 'type', 'application/geo+json', 'href', ${root}::text || '/agreements/' || a.slug)`
  return sql`json_build_object(
      'id', case p.rank when ${rank('agreement')} then 'agreement:' when ${rank('status')} then 'status:' else 'boundary:' end || p.source_id,
      'type', p.type,
      'date', to_char(p.day, 'YYYY-MM-DD'),
      'date_precision', p.day_precision,
      'zone', case when z.id is null then null else json_build_object('id', z.id, 'slug', z.slug, 'name', z.name, 'kind', z.kind) end,
      'agreement', case when a.id is null then null else json_build_object('id', a.id, 'slug', a.slug, 'title', a.title) end,
      'from_status', p.from_status,
      'to_status', p.to_status,
      'reason', ${raw(publicTextSql('p.reason'))},
      'area_km2_before', ${raw(roundedKm2('pb.area_km2'))},
      'area_km2_after', ${raw(roundedKm2('nb.area_km2'))},
      'area_gained_km2', case when pb.id is not null then ${raw(roundedKm2(areaKm2('ST_Difference(nb.geom, pb.geom)')))} end,
      'area_lost_km2', case when pb.id is not null then ${raw(roundedKm2(areaKm2('ST_Difference(pb.geom, nb.geom)')))} end,
      'sources', case p.rank
        when ${rank('agreement')} then ${raw(SOURCES_OF(TABLES.agreementSources, 'agreement_id', 'p.source_id'))}
        when ${rank('status')} then ${raw(SOURCES_OF(TABLES.statusChangeSources, 'status_change_id', 'p.source_id'))}
        else ${raw(SOURCES_OF(TABLES.zoneBoundarySources, 'boundary_id', 'p.source_id'))} end,
      'recorded_at', ${raw(utcText('p.recorded_at'))},
      'links', case when z.id is not null and a.id is not null then json_build_array(${zoneLinks}, ${agreementLink})
                    when z.id is not null then json_build_array(${zoneLinks})
                    when a.id is not null then json_build_array(${agreementLink})
                    else json_build_array() end)`
}

/** What a page read gives: the changes as one JSON array (text) and where it ends. */
export interface ChangePageRow {
  changes: string
  returned: number
  more: boolean
  /** The key of the page's last change, as `day~rank~id`; null for an empty page. */
  last_key: string | null
  /** The latest recorded_at of the page (RFC 3339), or of the whole record when the page is empty. */
  last_recorded: string | null
  version: number | string
}

/**
 * One page of changes in one statement, with the data version read in the same snapshot:
 * `order.limit` of them and whether more follow (one row is read past the page to tell).
 */
export function changePage(filter: ChangeFilter, order: ChangeOrder, root: string): Fragment {
  const byDate = order.by === 'date'
  const orderBy = byDate ? 'c.day, c.rank, c.source_id' : 'c.recorded_at desc, c.rank desc, c.source_id desc'
  const after = byDate && order.after ? sql`where (c.day, c.rank, c.source_id) > (${order.after.day}::date, ${order.after.rank}, ${order.after.id})` : raw('')
  const pageOrder = byDate ? 'p.day, p.rank, p.source_id' : 'p.recorded_at desc, p.rank desc, p.source_id desc'
  const latestRecorded = `greatest((select max(recorded_at) from ${TABLES.statusChanges}), (select max(recorded_at) from ${TABLES.zoneBoundaries}), (select max(created_at) from ${TABLES.agreements}))`
  return sql`select coalesce((json_agg(${changeObject(root)} order by ${raw(pageOrder)}) filter (where p.n <= ${order.limit}))::text, '[]') as changes,
         (count(*) filter (where p.n <= ${order.limit}))::int as returned,
         count(*) > ${order.limit} as more,
         (array_agg(to_char(p.day, 'YYYY-MM-DD') || '~' || p.rank || '~' || p.source_id order by p.n desc) filter (where p.n <= ${order.limit}))[1] as last_key,
         ${raw(utcText(`coalesce(max(p.recorded_at), ${latestRecorded})`))} as last_recorded,
         ${raw(DATA_VERSION_SQL)} as version
    from (select c.*, row_number() over (order by ${raw(orderBy)}) as n
            from (${matchingChanges(filter)}) c ${after}
           order by ${raw(orderBy)} limit ${order.limit + 1}) p
    left join ${raw(TABLES.zones)} z on z.id = p.zone_id
    left join ${raw(TABLES.agreements)} a on a.id = p.agreement_id and not a.archived
    left join ${raw(TABLES.zoneBoundaries)} nb on p.rank = ${rank('boundary')} and nb.id = p.source_id
    left join ${raw(TABLES.zoneBoundaries)} pb on pb.id = p.previous_boundary_id`
}
