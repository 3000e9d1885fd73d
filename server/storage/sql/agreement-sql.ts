import { AGREEMENT_ROLES } from '../../domain/agreements.ts'
import { TABLES } from './tables.ts'
import { currentVersionSql, inForceOrderSql } from './boundary-sql.ts'
import { citedSourcesSql, publicTextSql } from './cited-text.ts'

/**
 * SQL builders for agreements read as features, for an agreement aliased `z` (see
 * agreement-features.ts). Names come from this file only; every value is a bound parameter.
 */

const ROLE_ORDER = `array[${AGREEMENT_ROLES.map((role) => `'${role}'`).join(', ')}]::text[]`

/** The agreement's parties as [{slug, name, name_ar, type, role, note}] (signatories first) and their notes as one text. */
export const AGREEMENT_PARTIES_LATERAL = `left join lateral (
    select coalesce(json_agg(json_build_object('slug', p.slug, 'name', p.name, 'name_ar', p.name_ar, 'type', p.type, 'role', ap.role, 'note', ${publicTextSql('ap.note')})
                             order by array_position(${ROLE_ORDER}, ap.role), p.name), '[]'::json) as parties,
           string_agg(ap.note, ' ') as notes
      from ${TABLES.agreementParties} ap join ${TABLES.parties} p on p.id = ap.party_id
     where ap.agreement_id = z.id
  ) ap on true`

/** The zones it names (archived ones left out) as [{id, slug, name, name_ar, effect, note}] and their notes as one text. */
export const AGREEMENT_ZONES_LATERAL = `left join lateral (
    select coalesce(json_agg(json_build_object('id', az_zone.id, 'slug', az_zone.slug, 'name', az_zone.name, 'name_ar', az_zone.name_ar, 'effect', az.effect, 'note', ${publicTextSql('az.note')})
                             order by az_zone.name, az_zone.id), '[]'::json) as zones,
           string_agg(az.note, ' ') as notes
      from ${TABLES.agreementZones} az join ${TABLES.zones} az_zone on az_zone.id = az.zone_id and not az_zone.archived
     where az.agreement_id = z.id
  ) az on true`

/**
 * The outline an agreement covered: the union of its zones' boundaries in force on the day it was
 * signed (today, without a date). A zone's version in force is its latest one not superseded with
 * effective_on on or before that day; a zone outlined only after it counts with its first version.
 * Null when none of its zones has an outline.
 */
export const AGREEMENT_GEOMETRY_SQL = `(select ST_Union(b.geom)
      from ${TABLES.agreementZones} gz join ${TABLES.zones} gz_zone on gz_zone.id = gz.zone_id and not gz_zone.archived
      cross join lateral (
        select b.geom from ${TABLES.zoneBoundaries} b
         where b.zone_id = gz.zone_id and ${currentVersionSql(null)}
         ${inForceOrderSql('coalesce(z.signed_on, current_date)')}
         limit 1) b
     where gz.agreement_id = z.id)`

/** The web addresses of the agreement's sources, as a json array, oldest source first. */
const AGREEMENT_SOURCE_URLS_SQL = `(select coalesce(json_agg(s.url order by s.id), '[]'::json)
      from ${TABLES.agreementSources} asrc join ${TABLES.sources} s on s.id = asrc.source_id
     where asrc.agreement_id = z.id and s.url is not null)`

/** The public properties of an agreement and the SQL that gives each. */
export const AGREEMENT_PROPERTY_SQL = {
  slug: 'z.slug',
  title: 'z.title',
  title_ar: 'z.title_ar',
  signed_on: 'z.signed_on',
  signed_precision: 'z.signed_precision',
  place: 'z.place',
  class: 'z.class',
  form: 'z.form',
  purpose: 'z.purpose',
  description: publicTextSql('z.description'),
  text_url: 'z.text_url',
  pax_id: 'z.pax_id',
  ucdp_conflict_id: 'z.ucdp_conflict_id',
  duration_days: 'z.duration_days',
  expires_on: 'z.expires_on',
  renewal_terms: 'z.renewal_terms',
  parties: 'ap.parties',
  zones: 'az.zones',
  citations: citedSourcesSql(['z.description', 'ap.notes', 'az.notes']),
  source_urls: AGREEMENT_SOURCE_URLS_SQL,
  version: 'z.version',
  updated_at: 'z.updated_at',
  links: `json_build_array(json_build_object('rel', 'self', 'type', 'application/geo+json', 'href', ?::text || '/agreements/' || z.id))`,
} as const

export type AgreementProperty = keyof typeof AGREEMENT_PROPERTY_SQL
export const AGREEMENT_PROPERTIES = Object.keys(AGREEMENT_PROPERTY_SQL) as AgreementProperty[]

/** For signed-in editors only. */
export const AGREEMENT_EDITOR_PROPERTY_SQL = { curation_note: 'z.curation_note' } as const
export const AGREEMENT_EDITOR_PROPERTIES = Object.keys(AGREEMENT_EDITOR_PROPERTY_SQL) as Array<keyof typeof AGREEMENT_EDITOR_PROPERTY_SQL>

/** When any agreement last changed, as RFC 3339 UTC text (null when there are none). */
export const AGREEMENTS_LAST_CHANGE_SQL = `(select to_char(max(updated_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from ${TABLES.agreements})`

/**
 * The zone property `agreements`, for a zone aliased `z`: the unarchived agreements that name it,
 * as [{slug, title, signed_on, signed_precision, effect}], in the order they were signed.
 */
export const ZONE_AGREEMENTS_SQL = `(select coalesce(json_agg(json_build_object('slug', za.slug, 'title', za.title, 'signed_on', za.signed_on, 'signed_precision', za.signed_precision, 'effect', zaz.effect)
                               order by za.signed_on nulls last, za.id), '[]'::json)
      from ${TABLES.agreementZones} zaz join ${TABLES.agreements} za on za.id = zaz.agreement_id and not za.archived
     where zaz.zone_id = z.id)`

/** The agreement a history entry aliased `sc` cites, as {slug, title}, or null. */
export const STATUS_CHANGE_AGREEMENT_SQL = `(select json_build_object('slug', sca.slug, 'title', sca.title) from ${TABLES.agreements} sca where sca.id = sc.agreement_id)`
