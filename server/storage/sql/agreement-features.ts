import type { Knex } from 'knex'
import type { AgreementClass, AgreementPurpose, AgreementRole } from '../../domain/agreements.ts'
import type { FeatureCollectionDescription } from './feature-collection.ts'
import { TABLES } from './tables.ts'
import { foldedWordIn, partyNamesToSearch } from './zone-sql.ts'
import {
  AGREEMENT_EDITOR_PROPERTY_SQL, AGREEMENT_GEOMETRY_SQL, AGREEMENT_PARTIES_LATERAL, AGREEMENT_PROPERTY_SQL, AGREEMENT_ZONES_LATERAL, AGREEMENTS_LAST_CHANGE_SQL,
} from './agreement-sql.ts'

/** Which agreements a read is about; each field left out filters nothing. */
export interface AgreementFilter {
  /** Slugs of parties one of which took part (in one of `role`, when given). */
  party?: readonly string[] | undefined
  role?: readonly AgreementRole[] | undefined
  class?: readonly AgreementClass[] | undefined
  purpose?: readonly AgreementPurpose[] | undefined
  /** A zone (id or slug) the agreement names. */
  zone?: number | string | undefined
  /** Signed on or after / on or before these days (YYYY-MM-DD); agreements without a date match neither. */
  signedFrom?: string | undefined
  signedTo?: string | undefined
  /** Words, each somewhere in the title, slug, place, description or a party's name. */
  q?: string | undefined
  /** [west, south, east, north]: the agreements whose outline intersects the box. */
  bbox?: readonly number[] | undefined
  /** A compiled condition on `z` (a CQL2 filter through the agreements' queryables). */
  condition?: { sql: string; bindings: ReadonlyArray<string | number | boolean> } | undefined
}

function whereHasParty(query: Knex.QueryBuilder, slugs: readonly string[] | undefined, roles: readonly string[] | undefined): void {
  query.whereExists(function partyMatches(this: Knex.QueryBuilder) {
    this.select(this.client.raw('1')).from(`${TABLES.agreementParties} as fap`).join(`${TABLES.parties} as fapp`, 'fapp.id', 'fap.party_id').whereRaw('fap.agreement_id = z.id')
    if (slugs) this.whereIn('fapp.slug', slugs)
    if (roles) this.whereIn('fap.role', roles)
  })
}

function whereNamesZone(query: Knex.QueryBuilder, zone: number | string): void {
  query.whereExists(function zoneMatches(this: Knex.QueryBuilder) {
    this.select(this.client.raw('1')).from(`${TABLES.agreementZones} as faz`).join(`${TABLES.zones} as fazz`, 'fazz.id', 'faz.zone_id').whereRaw('faz.agreement_id = z.id')
    this.where(typeof zone === 'number' ? 'fazz.id' : 'fazz.slug', zone)
  })
}

function whereHasWords(query: Knex.QueryBuilder, q: string): void {
  const agreementTexts = foldedWordIn(['z.title', 'z.title_ar', 'z.slug', 'z.place', 'z.description'])
  const partyTexts = foldedWordIn(partyNamesToSearch('qp'))
  for (const word of q.split(/\s+/).filter(Boolean)) {
    query.where((inner) =>
      inner
        .whereRaw(agreementTexts, [word])
        .orWhereExists((parties) =>
          parties.select(parties.client.raw('1')).from(`${TABLES.agreementParties} as qap`).join(`${TABLES.parties} as qp`, 'qp.id', 'qap.party_id').whereRaw('qap.agreement_id = z.id').whereRaw(partyTexts, [word]),
        ),
    )
  }
}

/** The outline intersects the box; a box whose west edge is east of its east edge crosses the antimeridian. */
function whereIntersectsBbox(query: Knex.QueryBuilder, [west, south, east, north]: readonly number[]): void {
  const envelopes = west! <= east! ? [[west!, south!, east!, north!]] : [[west!, south!, 180, north!], [-180, south!, east!, north!]]
  query.where((inner) => {
    for (const box of envelopes) inner.orWhereRaw(`ST_Intersects(${AGREEMENT_GEOMETRY_SQL}, ST_MakeEnvelope(?, ?, ?, ?, 4326))`, box)
  })
}

/** Adds the filter's conditions on the unarchived agreements aliased `z`. */
export function whereAgreementFilter(query: Knex.QueryBuilder, filter: AgreementFilter): void {
  query.where('z.archived', false)
  if (filter.party || filter.role) whereHasParty(query, filter.party, filter.role)
  if (filter.class) query.whereIn('z.class', filter.class)
  if (filter.purpose) query.whereIn('z.purpose', filter.purpose)
  if (filter.zone !== undefined) whereNamesZone(query, filter.zone)
  if (filter.signedFrom) query.whereRaw('z.signed_on >= ?::date', [filter.signedFrom])
  if (filter.signedTo) query.whereRaw('z.signed_on <= ?::date', [filter.signedTo])
  if (filter.q) whereHasWords(query, filter.q)
  if (filter.bbox) whereIntersectsBbox(query, filter.bbox)
  if (filter.condition) query.whereRaw(filter.condition.sql, [...filter.condition.bindings])
}

/** The agreements as a feature collection: what /agreements and the OGC collection `agreements` read. */
export const AGREEMENT_FEATURES: FeatureCollectionDescription<AgreementFilter> = {
  // Agreements are records of what was signed: they read the same on any day.
  source: (knex) => knex.raw(`${TABLES.agreements} as z`),
  joins: [AGREEMENT_PARTIES_LATERAL, AGREEMENT_ZONES_LATERAL],
  properties: { ...AGREEMENT_PROPERTY_SQL, ...AGREEMENT_EDITOR_PROPERTY_SQL },
  geometryColumn: () => AGREEMENT_GEOMETRY_SQL,
  where: whereAgreementFilter,
  lastChangeSql: AGREEMENTS_LAST_CHANGE_SQL,
  exportColumns: {
    id: 'z.id',
    slug: 'z.slug',
    title: 'z.title',
    signed_on: 'z.signed_on',
    class: 'z.class',
    form: 'z.form',
    purpose: 'z.purpose',
    parties: 'ap.parties',
    zones: 'az.zones',
  },
}

/** Count, outline extent and signing dates of the unarchived agreements (the OGC collection's extent). */
export const AGREEMENTS_SUMMARY_SQL = `select count(*)::int as count,
       ST_XMin(ST_Extent(g.geom)) as west, ST_YMin(ST_Extent(g.geom)) as south,
       ST_XMax(ST_Extent(g.geom)) as east, ST_YMax(ST_Extent(g.geom)) as north,
       min(g.signed_on)::text as start, max(coalesce(g.expires_on, g.signed_on))::text as end,
       bool_or(g.expires_on is null) as open
  from (select z.signed_on, z.expires_on, ${AGREEMENT_GEOMETRY_SQL} as geom from ${TABLES.agreements} z where not z.archived) g`
