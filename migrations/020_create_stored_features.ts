import type { Knex } from 'knex'

/**
 * Each zone's feature kept as the text the API serves, written in the transaction of every write
 * that changes it, so that reading the zones as they stand, or as they stood on a day, is a
 * concatenation of stored text.
 *
 * - zone_feature_properties: the zone's properties as a JSON object (all public ones but `links`,
 *   which name the API's own address), in English and in Arabic (`name` in Arabic where known), as
 *   json_build_object writes them. One row per period of days [valid_from, valid_to) over which they
 *   read the same: a status change scheduled for a later day, or an in-force or end date still to
 *   come, starts a period of its own, so the text never goes stale at midnight.
 * - zone_feature_properties_as_of: the same as the zone stood on each day of its history (what
 *   `as_of` reads), one row per period between its history entries, dates and boundary versions.
 * - zone_boundary_outlines: the outline of each boundary version as GeoJSON text, in full detail
 *   (6 decimals) and generalized as maps from zoom 3 to 12 draw them (OUTLINE_TEXTS); each period
 *   above names the version whose outline it shows. A zone outlined without any version (written
 *   straight into zones.geom, as data older than migration 014 was) is drawn on read.
 *
 * Statement triggers on every table the properties read note the zones the statement touched
 * (zone_features_pending); a deferred trigger refreshes each noted zone once when the transaction
 * commits, inside it, after locking them (so two writers to one zone refresh it one after the other):
 * a transaction that writes a zone, its parties, its history and its outline refreshes it once, not
 * once per statement. Outlines are drawn by the statement that records a version. The SQL below is
 * frozen: it builds what server/storage/sql/zone-sql.ts builds today, and a change to how a property
 * is read is a migration that redefines these functions (test/api/stored-features.test.ts compares).
 */

/** A citation key as written in brackets (S1, R57, S8b). */
const KEY = '[A-Za-z]{1,3}[0-9]{1,4}[a-z]{0,1}'

/** The text with the bracketed keys that lead to no source with an address taken out. */
function publicText(column: string): string {
  const resolvable = `(select coalesce(string_agg(citation_key, '|'), '') from sources
    where url is not null and citation_key ~ '\\A${KEY}\\Z')`
  return `case when strpos(${column}, '[') = 0 then ${column} else regexp_replace(${column}, '\\s*\\[(' || chr(63) || '!(' || chr(63) || ':' || ${resolvable} || ')\\])${KEY}\\]', '', 'g') end`
}

/** The sources with an address cited in these texts, in order of first citation. */
function citedSources(columns: readonly string[]): string {
  return `(select coalesce(json_agg(json_build_object('key', s.citation_key, 'title', s.title, 'publisher', s.publisher, 'url', s.url, 'reliability', s.reliability) order by cited.first), '[]'::json)
      from (select m[1] as key, min(n) as first from regexp_matches(concat_ws(' ', ${columns.join(', ')}), '\\[(${KEY})\\]', 'g') with ordinality as found(m, n) group by m[1]) cited
      join sources s on s.citation_key = cited.key and s.url is not null)`
}

/** The properties in the order the API writes them; `name` is the one read otherwise in Arabic. */
const PROPERTIES: ReadonlyArray<[string, string]> = [
  ['slug', 'z.slug'],
  ['name', 'z.name'],
  ['name_en', 'z.name'],
  ['name_ar', 'z.name_ar'],
  ['search_names', 'z.search_names'],
  ['kind', 'z.kind'],
  ['status', 'z.status'],
  ['status_since', 'z.status_since'],
  ['description', publicText('z.description')],
  ['proposed_on', 'z.proposed_on'],
  ['in_force_from', 'z.in_force_from'],
  ['ended_on', 'z.ended_on'],
  ['area_km2', 'round(z.area_km2::numeric, 1)'],
  ['approximate', "(z.location_precision <> 'exact')"],
  ['location_precision', 'z.location_precision'],
  ['geometry_note', publicText('z.geometry_note')],
  ['citations', citedSources(['z.description', 'z.geometry_note', 'zp.notes'])],
  ['parties', 'zp.parties'],
  ['sponsors', 'zp.sponsors'],
  ['agreements', `(select coalesce(json_agg(json_build_object('slug', za.slug, 'title', za.title, 'signed_on', za.signed_on, 'signed_precision', za.signed_precision, 'effect', zaz.effect)
                               order by za.signed_on nulls last, za.id), '[]'::json)
      from agreement_zones zaz join agreements za on za.id = zaz.agreement_id and not za.archived
     where zaz.zone_id = z.id)`],
  ['siege_assessments', `(select coalesce(json_agg(json_build_object('assessed_on', sa.assessed_on, 'assessed_precision', sa.assessed_precision,
        'severity', sa.severity, 'population', sa.population, 'source', json_build_object('title', s.title, 'url', s.url),
        'note', ${publicText('sa.note')}) order by sa.assessed_on, sa.id), '[]'::json)
      from siege_assessments sa join sources s on s.id = sa.source_id
     where sa.zone_id = z.id)`],
  ['version', 'z.version'],
  ['updated_at', 'z.updated_at'],
  ['source_urls', `(select coalesce(json_agg(s.url order by s.id), '[]'::json)
      from zone_sources zs join sources s on s.id = zs.source_id
     where zs.zone_id = z.id and s.url is not null)`],
]

const propertiesObject = (nameSql: string) =>
  `json_build_object(${PROPERTIES.map(([name, sql]) => `'${name}', ${name === 'name' ? nameSql : sql}`).join(', ')})`

const PARTIES_LATERAL = `left join lateral (
    select coalesce(json_agg(json_build_object('slug', p.slug, 'name', p.name, 'name_ar', p.name_ar, 'type', p.type, 'role', zp.role, 'note', ${publicText('zp.note')}) order by p.name, zp.role), '[]'::json) as parties,
           coalesce(json_agg(distinct p.name) filter (where zp.role in ('sponsor', 'guarantor')), '[]'::json) as sponsors,
           string_agg(zp.note, ' ') as notes
      from zone_parties zp join parties p on p.id = zp.party_id
     where zp.zone_id = z.id
  ) zp on true`

/**
 * The zone `period.zone_id` as it stands on `period.day`, aliased `z`: the status of its latest
 * history entry up to that day when its own is scheduled for later, and its in-force and end dates
 * once reached; its outline, the boundary version migration 014 copies onto it (none when the zone's
 * shape was written into zones.geom otherwise: it is then drawn on read).
 */
const ZONE_STANDING = `(select z0.id, z0.slug, z0.name, z0.name_ar, z0.search_names, z0.kind, z0.description, z0.proposed_on,
          z0.location_precision, z0.geometry_note, z0.version, z0.updated_at, z0.area_km2,
          (select v.id from (select b.id, b.geom from zone_boundaries b where b.zone_id = z0.id and b.superseded_at is null
                               order by b.effective_on desc, b.id desc limit 1) v
            where v.geom = z0.geom) as boundary_id,
          coalesce(h.to_status, z0.status) as status, coalesce(h.effective_on, z0.status_since) as status_since,
          case when z0.in_force_from <= period.day then z0.in_force_from end as in_force_from,
          case when z0.ended_on <= period.day then z0.ended_on end as ended_on
        from zones z0
        left join lateral (select sc.to_status, sc.effective_on from status_changes sc
           where z0.status_since > period.day and sc.zone_id = z0.id and sc.effective_on <= period.day
           order by sc.effective_on desc, sc.id desc limit 1) h on true
       where z0.id = period.zone_id) z`

/**
 * The zone `period.zone_id` as it stood on `period.day` (the API's as_of), aliased `z`: absent before
 * its first history entry; the status of its latest entry by then; the boundary version in force that
 * day (the latest dated on or before it, else the first) for its outline and how it is described.
 */
const ZONE_AS_OF = `(select z0.id, z0.slug, z0.name, z0.name_ar, z0.search_names, z0.kind, z0.description, z0.proposed_on,
          case when bv.id is null then z0.location_precision else bv.location_precision end as location_precision,
          case when bv.id is null then z0.geometry_note else bv.geometry_note end as geometry_note,
          z0.version, z0.updated_at, bv.area_km2, bv.id as boundary_id,
          h.to_status as status, h.effective_on as status_since,
          case when z0.in_force_from <= period.day then z0.in_force_from end as in_force_from,
          case when z0.ended_on <= period.day then z0.ended_on end as ended_on
        from zones z0
        cross join lateral (select sc.to_status, sc.effective_on from status_changes sc
           where sc.zone_id = z0.id and sc.effective_on <= period.day
           order by sc.effective_on desc, sc.id desc limit 1) h
        left join lateral (select b.id, b.area_km2, b.location_precision, b.geometry_note from zone_boundaries b
           where b.zone_id = z0.id and b.superseded_at is null
           order by b.effective_on <= period.day desc, abs(b.effective_on - period.day), b.id desc limit 1) bv on true
       where z0.id = period.zone_id) z`

/** The days on which what a zone aliased `z0` reads may change: its history entries, its in-force and end dates. */
const TURNING_DAYS = `select d from (select z0.status_since as d union select z0.in_force_from union select z0.ended_on
          union select sc.effective_on from status_changes sc where sc.zone_id = z0.id) days`

/** ... and the days its boundary versions take effect, for the outline read as of a day. */
const TURNING_DAYS_AS_OF = `${TURNING_DAYS}
   union select b.effective_on from zone_boundaries b where b.zone_id = z0.id and b.superseded_at is null`

/** The periods of the changed zones, one from each of `starts` (aliased `starts`, column `day`) to the next. */
const periodsFrom = (starts: string) => `(select z0.id as zone_id, starts.day as valid_from,
          coalesce(lead(starts.day) over (partition by z0.id order by starts.day), 'infinity'::date) as valid_to
     from zones z0 cross join lateral (${starts}) starts
    where z0.id = any (changed))`

/** Both texts of the properties of the zone `z`. */
const TEXTS = `${propertiesObject('z.name')} as en, ${propertiesObject('coalesce(z.name_ar, z.name)')} as ar`

/**
 * The periods as the zones stand: from today on (a reader's today never goes back), each read on its
 * first day; the first period, open to the past, read on the day before the next starts or today.
 */
const REFRESH_STANDING = `
    delete from zone_feature_properties where zone_id = any (changed);
    insert into zone_feature_properties (zone_id, valid_from, valid_to, boundary_id, properties, properties_ar)
    select period.zone_id, period.valid_from, period.valid_to, texts.boundary_id, texts.en, texts.ar
      from (select p.*, case when p.valid_from = '-infinity' then least(current_date, p.valid_to - 1) else p.valid_from end as day
              from ${periodsFrom(`select '-infinity'::date as day union select d from (${TURNING_DAYS}) t where d >= current_date`)} p) period
      cross join lateral (select z.boundary_id, ${TEXTS} from ${ZONE_STANDING} ${PARTIES_LATERAL}) texts;`

/** The periods as the zones stood on each day of their history, each read on its first day. */
const REFRESH_AS_OF = `
    delete from zone_feature_properties_as_of where zone_id = any (changed);
    insert into zone_feature_properties_as_of (zone_id, valid_from, valid_to, boundary_id, properties, properties_ar)
    select period.zone_id, period.valid_from, period.valid_to, texts.boundary_id, texts.en, texts.ar
      from (select p.*, p.valid_from as day from ${periodsFrom(`select d as day from (${TURNING_DAYS_AS_OF}) t where d is not null`)} p) period
      cross join lateral (select z.boundary_id, ${TEXTS} from ${ZONE_AS_OF} ${PARTIES_LATERAL}) texts;`

/**
 * The outline texts kept, named by the highest map zoom each serves: the generalized column a map at
 * that zoom draws from, with the decimals that zoom shows (see server/storage/sql/generalized-geometry.ts).
 */
const OUTLINE_TEXTS: ReadonlyArray<[column: string, geometry: string, decimals: number, serves: string]> = [
  ['geometry', 'geom', 6, 'full detail, 6 decimals (no zoom, and zooms 18-20)'],
  ['geometry_z4', 'geom_z4', 2, 'zooms 3-4'],
  ['geometry_z6', 'geom_z8', 2, 'zooms 5-7'],
  ['geometry_z8', 'geom_z8', 3, 'zoom 8'],
  ['geometry_z10', 'geom_z12', 3, 'zooms 9-10'],
  ['geometry_z12', 'geom_z12', 4, 'zooms 11-12'],
]

const outlineColumns = (table: Knex.CreateTableBuilder) => {
  for (const [column, , , serves] of OUTLINE_TEXTS) table.text(column).comment(`GeoJSON for ${serves}; null without an outline`)
}

const REFRESH_OUTLINES = `
    delete from zone_boundary_outlines where boundary_id = any (changed);
    insert into zone_boundary_outlines (boundary_id, ${OUTLINE_TEXTS.map(([column]) => column).join(', ')})
    select b.id, ${OUTLINE_TEXTS.map(([, geometry, decimals]) => `ST_AsGeoJSON(b.${geometry}, ${decimals})`).join(', ')}
      from zone_boundaries b where b.id = any (changed);`

/**
 * For each table the features read: the zones a statement's rows (the transition table `rows`)
 * concern. Sources count for the zones that cite them or list them; the citation keys in the texts
 * decide what a description keeps.
 */
const ZONES_OF: ReadonlyArray<[table: string, zones: string]> = [
  ['zones', 'select id from rows'],
  ['status_changes', 'select zone_id from rows'],
  ['zone_parties', 'select zone_id from rows'],
  ['zone_sources', 'select zone_id from rows'],
  ['siege_assessments', 'select zone_id from rows'],
  ['agreement_zones', 'select zone_id from rows'],
  ['zone_boundaries', 'select zone_id from rows'],
  ['parties', 'select zp.zone_id from zone_parties zp join rows on rows.id = zp.party_id'],
  ['agreements', 'select az.zone_id from agreement_zones az join rows on rows.id = az.agreement_id'],
  ['sources', `select zs.zone_id from zone_sources zs join rows on rows.id = zs.source_id
     union select sa.zone_id from siege_assessments sa join rows on rows.id = sa.source_id
        or strpos(sa.note, '[' || rows.citation_key || ']') > 0
     union select zp.zone_id from zone_parties zp join rows on strpos(zp.note, '[' || rows.citation_key || ']') > 0
     union select z.id from zones z join rows on strpos(concat_ws(' ', z.description, z.geometry_note), '[' || rows.citation_key || ']') > 0`],
]

const EVENTS = [
  { event: 'insert', referencing: 'new table as new_rows' },
  { event: 'update', referencing: 'old table as old_rows new table as new_rows' },
  { event: 'delete', referencing: 'old table as old_rows' },
] as const


const periodColumns = (table: Knex.CreateTableBuilder) => {
  table.integer('zone_id').notNullable().references('id').inTable('zones').onDelete('CASCADE')
  table.date('valid_from').notNullable()
  table.date('valid_to').notNullable()
  table.integer('boundary_id').comment('the boundary version whose outline the zone shows in the period (zone_boundary_outlines)')
  table.json('properties').notNullable().comment('the public properties but links, as json_build_object writes them')
  table.json('properties_ar').notNullable().comment('the same, with name in Arabic where known')
  table.primary(['zone_id', 'valid_from'])
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('zone_feature_properties', (table) => {
    periodColumns(table)
    table.check('valid_from < valid_to', [], 'zone_feature_properties_period_check')
  })
  await knex.schema.createTable('zone_feature_properties_as_of', (table) => {
    periodColumns(table)
    table.check('valid_from < valid_to', [], 'zone_feature_properties_as_of_period_check')
  })
  await knex.schema.createTable('zone_boundary_outlines', (table) => {
    table.integer('boundary_id').primary().references('id').inTable('zone_boundaries').onDelete('CASCADE')
    outlineColumns(table)
  })

  // Locked in id order, so that refreshes of one zone by two transactions follow each other.
  await knex.raw(`create function refresh_zone_features(changed integer[]) returns void language plpgsql as $$
    begin
      changed := array(select id from zones where id = any (changed) order by id for no key update);
      ${REFRESH_STANDING}
      ${REFRESH_AS_OF}
    end $$`)
  await knex.raw(`create function refresh_boundary_outlines(changed integer[]) returns void language plpgsql as $$ begin ${REFRESH_OUTLINES} end $$`)

  // The zones to refresh at commit: a row per statement, gone by the end of its transaction.
  await knex.schema.createTable('zone_features_pending', (table) => {
    table.specificType('zone_ids', 'integer[]').notNullable()
  })
  await knex.raw(`create function refresh_pending_zone_features() returns trigger language plpgsql as $$
    declare
      pending integer[];
    begin
      with done as (delete from zone_features_pending returning zone_ids)
      select array(select distinct id from done, unnest(done.zone_ids) id) into pending;
      if cardinality(pending) > 0 then
        perform refresh_zone_features(pending);
      end if;
      return null;
    end $$`)
  await knex.raw(`create constraint trigger zone_features_pending_refresh after insert on zone_features_pending
    deferrable initially deferred for each row execute function refresh_pending_zone_features()`)

  for (const [table, zones] of ZONES_OF) {
    const of = (rows: string) => zones.replaceAll('rows', rows)
    await knex.raw(`create function refresh_zone_features_of_${table}() returns trigger language plpgsql as $$
      declare
        touched integer[];
      begin
        if tg_op = 'INSERT' then
          touched := array(${of('new_rows')});
        elsif tg_op = 'UPDATE' then
          touched := array(${of('new_rows')} union ${of('old_rows')});
        else
          touched := array(${of('old_rows')});
        end if;
        if cardinality(touched) > 0 then
          insert into zone_features_pending (zone_ids) values (touched);
        end if;
        return null;
      end $$`)
    for (const { event, referencing } of EVENTS) {
      await knex.raw(`create trigger ${table}_refresh_features_${event} after ${event} on ${table}
        referencing ${referencing} for each statement execute function refresh_zone_features_of_${table}()`)
    }
  }
  // A version's outline is drawn when it is recorded, and again only if its shape changes.
  await knex.raw(`create function refresh_boundary_outlines_of_zone_boundaries() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform refresh_boundary_outlines(array(select id from new_rows));
      else
        perform refresh_boundary_outlines(array(select n.id from new_rows n join old_rows o on o.id = n.id where n.geom is distinct from o.geom));
      end if;
      return null;
    end $$`)
  for (const { event, referencing } of EVENTS.slice(0, 2)) {
    await knex.raw(`create trigger zone_boundaries_refresh_outlines_${event} after ${event} on zone_boundaries
      referencing ${referencing} for each statement execute function refresh_boundary_outlines_of_zone_boundaries()`)
  }

  await knex.raw('select refresh_boundary_outlines(array(select id from zone_boundaries)), refresh_zone_features(array(select id from zones))')
}

export async function down(knex: Knex): Promise<void> {
  for (const { event } of EVENTS.slice(0, 2)) await knex.raw(`drop trigger zone_boundaries_refresh_outlines_${event} on zone_boundaries`)
  await knex.raw('drop function refresh_boundary_outlines_of_zone_boundaries()')
  for (const [table] of [...ZONES_OF].reverse()) {
    for (const { event } of EVENTS) await knex.raw(`drop trigger ${table}_refresh_features_${event} on ${table}`)
    await knex.raw(`drop function refresh_zone_features_of_${table}()`)
  }
  await knex.raw('drop trigger zone_features_pending_refresh on zone_features_pending')
  await knex.raw('drop function refresh_pending_zone_features()')
  await knex.schema.dropTable('zone_features_pending')
  await knex.raw('drop function refresh_boundary_outlines(integer[])')
  await knex.raw('drop function refresh_zone_features(integer[])')
  await knex.schema.dropTable('zone_boundary_outlines')
  await knex.schema.dropTable('zone_feature_properties_as_of')
  await knex.schema.dropTable('zone_feature_properties')
}
