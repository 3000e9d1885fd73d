import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'
import { ConflictError, InvalidEditError, NotFoundError, StaleVersionError } from '../../domain/errors.ts'
import type { AgreementClass, AgreementEffect, AgreementForm, AgreementPurpose, AgreementRole, DatePrecision } from '../../domain/agreements.ts'
import { auditLogRepository, type Actor } from './audit-log-repository.ts'
import { isStale, type ExpectedVersion } from '../../domain/expected-version.ts'

/**
 * Every write to an agreement: one transaction that checks the version the editor saw, changes the
 * agreement and its lists, moves on the versions of the zones whose `agreements` property it changes,
 * and writes its audit row, or does nothing at all.
 */

export interface AgreementPartyInput {
  party: string
  role: AgreementRole
  note?: string | null | undefined
}

export interface AgreementZoneInput {
  /** The zone's id or slug. */
  zone: number | string
  effect: AgreementEffect
  note?: string | null | undefined
}

/** A source, found by its address or added with this title. */
export interface AgreementSourceInput {
  url: string
  title?: string | undefined
}

export interface AgreementFields {
  title: string
  signed_on?: string | null | undefined
  signed_precision?: DatePrecision | undefined
  place?: string | null | undefined
  class: AgreementClass
  form: AgreementForm
  purpose: AgreementPurpose
  description?: string | null | undefined
  text_url?: string | null | undefined
  pax_id?: string | null | undefined
  ucdp_conflict_id?: number | null | undefined
  duration_days?: number | null | undefined
  expires_on?: string | null | undefined
  renewal_terms?: string | null | undefined
  curation_note?: string | null | undefined
}

export interface AgreementLists {
  parties?: readonly AgreementPartyInput[] | undefined
  zones?: readonly AgreementZoneInput[] | undefined
  sources?: readonly AgreementSourceInput[] | undefined
}

export interface NewAgreement extends AgreementFields, AgreementLists {
  slug: string
}

export type AgreementChanges = Partial<AgreementFields> & AgreementLists

export interface AgreementWriteResult {
  id: number
  version: number
}

const FIELDS = [
  'title', 'signed_on', 'signed_precision', 'place', 'class', 'form', 'purpose', 'description', 'text_url', 'pax_id',
  'ucdp_conflict_id', 'duration_days', 'expires_on', 'renewal_terms', 'curation_note',
] as const

/** The fields a zone's `agreements` property shows: a change to one changes the zones it names. */
const SHOWN_ON_ZONES = ['title', 'signed_on', 'signed_precision'] as const

const SNAPSHOT_SQL = `select (to_jsonb(a) || jsonb_build_object(
    'parties', coalesce((select jsonb_agg(jsonb_build_object('party', p.slug, 'role', ap.role, 'note', ap.note) order by p.slug, ap.role)
                           from ${TABLES.agreementParties} ap join ${TABLES.parties} p on p.id = ap.party_id where ap.agreement_id = a.id), '[]'::jsonb),
    'zones', coalesce((select jsonb_agg(jsonb_build_object('zone', z.slug, 'effect', az.effect, 'note', az.note) order by z.slug)
                         from ${TABLES.agreementZones} az join ${TABLES.zones} z on z.id = az.zone_id where az.agreement_id = a.id), '[]'::jsonb),
    'sources', coalesce((select jsonb_agg(jsonb_build_object('title', s.title, 'url', s.url) order by s.id)
                           from ${TABLES.agreementSources} asrc join ${TABLES.sources} s on s.id = asrc.source_id where asrc.agreement_id = a.id), '[]'::jsonb)
  )) as snapshot
  from ${TABLES.agreements} a where a.id = ?`

type Located = Array<{ where: string; message: string }>

function refuse(problems: Located): never {
  throw new InvalidEditError(problems.map((problem) => `${problem.where}: ${problem.message}`).join('; '), problems)
}

export function agreementWrites(knex: Knex) {
  const audit = auditLogRepository(knex)

  async function snapshot(trx: Knex.Transaction, id: number): Promise<unknown> {
    return (await trx.raw(SNAPSHOT_SQL, [id])).rows[0]?.snapshot ?? null
  }

  /** A signing date in the future, or an expiry before the signing: refused before PostgreSQL's check would fail. */
  async function checkDates(trx: Knex.Transaction, dates: { signed_on: string | null; expires_on: string | null }): Promise<void> {
    const today = (await trx.raw('select current_date::text as today')).rows[0].today as string
    const problems: Located = []
    if (dates.signed_on && dates.signed_on > today) problems.push({ where: 'body.signed_on', message: `is in the future (after ${today}); record an agreement once it is signed` })
    if (dates.signed_on && dates.expires_on && dates.expires_on < dates.signed_on) problems.push({ where: 'body.expires_on', message: `is before the signing date (${dates.signed_on})` })
    if (problems.length > 0) refuse(problems)
  }

  async function replaceParties(trx: Knex.Transaction, agreementId: number, parties: readonly AgreementPartyInput[]): Promise<void> {
    const rows: Array<{ id: number; slug: string }> = await trx(TABLES.parties).whereIn('slug', [...new Set(parties.map((party) => party.party))]).select('id', 'slug')
    const bySlug = new Map(rows.map((row) => [row.slug, row.id]))
    const seen = new Set<string>()
    const problems: Located = parties.flatMap((party, index) => {
      const key = `${party.party} ${party.role}`
      if (seen.has(key)) return [{ where: `body.parties[${index}]`, message: `names ${party.party} as ${party.role} a second time` }]
      seen.add(key)
      return bySlug.has(party.party) ? [] : [{ where: `body.parties[${index}].party`, message: `no party has the slug "${party.party}"; create it first (POST /parties)` }]
    })
    if (problems.length > 0) refuse(problems)
    await trx(TABLES.agreementParties).where({ agreement_id: agreementId }).delete()
    if (parties.length === 0) return
    await trx(TABLES.agreementParties).insert(parties.map((party) => ({ agreement_id: agreementId, party_id: bySlug.get(party.party)!, role: party.role, note: party.note ?? null })))
  }

  /** The ids of the unarchived zones named by id or slug, in the order given; an unknown one is refused by its place in the list. */
  async function zoneIds(trx: Knex.Transaction, zones: readonly AgreementZoneInput[]): Promise<number[]> {
    const ids = zones.flatMap((zone) => (typeof zone.zone === 'number' ? [zone.zone] : []))
    const slugs = zones.flatMap((zone) => (typeof zone.zone === 'string' ? [zone.zone] : []))
    const rows: Array<{ id: number; slug: string }> = await trx(TABLES.zones)
      .where('archived', false)
      .andWhere((inner) => inner.whereIn('id', ids).orWhereIn('slug', slugs))
      .select('id', 'slug')
    const found = new Map<number | string, number>(rows.flatMap((row) => [[row.id, row.id], [row.slug, row.id]]))
    const seen = new Set<number>()
    const problems: Located = zones.flatMap((zone, index) => {
      const id = found.get(zone.zone)
      if (id === undefined) return [{ where: `body.zones[${index}].zone`, message: `no zone has the ${typeof zone.zone === 'number' ? 'id' : 'slug'} ${JSON.stringify(zone.zone)}` }]
      if (seen.has(id)) return [{ where: `body.zones[${index}].zone`, message: `names zone ${JSON.stringify(zone.zone)} a second time` }]
      seen.add(id)
      return []
    })
    if (problems.length > 0) refuse(problems)
    return zones.map((zone) => found.get(zone.zone)!)
  }

  async function replaceZones(trx: Knex.Transaction, agreementId: number, zones: readonly AgreementZoneInput[]): Promise<void> {
    const ids = await zoneIds(trx, zones)
    await trx(TABLES.agreementZones).where({ agreement_id: agreementId }).delete()
    if (zones.length === 0) return
    await trx(TABLES.agreementZones).insert(zones.map((zone, index) => ({ agreement_id: agreementId, zone_id: ids[index]!, effect: zone.effect, note: zone.note ?? null })))
  }

  /** Each source found by its address or added, and only these linked to the agreement. */
  async function replaceSources(trx: Knex.Transaction, agreementId: number, sources: readonly AgreementSourceInput[]): Promise<void> {
    const ids: number[] = []
    for (const source of sources) {
      const existing = await trx(TABLES.sources).where({ url: source.url }).first('id')
      ids.push(existing ? (existing.id as number) : (await trx(TABLES.sources).insert({ title: source.title ?? source.url, url: source.url }).returning('id'))[0].id)
    }
    await trx(TABLES.agreementSources).where({ agreement_id: agreementId }).delete()
    if (ids.length > 0) await trx(TABLES.agreementSources).insert([...new Set(ids)].map((id) => ({ agreement_id: agreementId, source_id: id })))
  }

  async function linkedZones(trx: Knex.Transaction, agreementId: number): Promise<number[]> {
    return trx(TABLES.agreementZones).where({ agreement_id: agreementId }).pluck('zone_id')
  }

  /**
   * The zones whose `agreements` property changed move on a version, so their ETags change with
   * what they show (as a party's rename moves its zones on). Locked in id order, so that two
   * agreements naming the same zones cannot deadlock.
   */
  async function bumpZones(trx: Knex.Transaction, zoneIds: readonly number[]): Promise<void> {
    const ids = [...new Set(zoneIds)]
    if (ids.length === 0) return
    const locked = await trx(TABLES.zones).whereIn('id', ids).orderBy('id').forNoKeyUpdate().pluck('id')
    await trx(TABLES.zones).whereIn('id', locked).update({ version: trx.raw('version + 1'), updated_at: trx.fn.now() })
  }

  async function lockAgreement(trx: Knex.Transaction, id: number, expectedVersion: ExpectedVersion) {
    // Not FOR UPDATE: a status change citing the agreement (a foreign key, KEY SHARE) need not wait.
    const row: { id: number; version: number; archived: boolean; signed_on: string | null; expires_on: string | null } | undefined = await trx(TABLES.agreements)
      .where({ id })
      .forNoKeyUpdate()
      .first('id', 'version', 'archived', trx.raw('signed_on::text as signed_on'), trx.raw('expires_on::text as expires_on'))
    if (!row || row.archived) throw new NotFoundError(`Agreement ${id} does not exist.`)
    if (isStale(expectedVersion, row.version)) throw new StaleVersionError(id, row.version, 'agreement')
    return row
  }

  const slugTaken = (slug: string) => new ConflictError(`An agreement with the slug "${slug}" exists already: choose another slug.`, [{ where: 'body.slug', message: 'is taken' }])

  async function record(trx: Knex.Transaction, actor: Actor, action: string, id: number, before: unknown): Promise<void> {
    await audit.recordEntity(trx, actor, { action, entity: 'agreement', entityId: String(id), agreementId: id, before, after: await snapshot(trx, id) })
  }

  return {
    /**
     * Creates an agreement with its parties, zones and sources. A slug another transaction is
     * creating at the same moment waits for it (the unique index), then counts as taken.
     */
    async create(agreement: NewAgreement, actor: Actor): Promise<AgreementWriteResult> {
      return knex.transaction(async (trx) => {
        if (await trx(TABLES.agreements).where({ slug: agreement.slug }).first('id')) throw slugTaken(agreement.slug)
        await checkDates(trx, { signed_on: agreement.signed_on ?? null, expires_on: agreement.expires_on ?? null })
        const values: Record<string, unknown> = { slug: agreement.slug }
        for (const field of FIELDS) if (agreement[field] !== undefined) values[field] = agreement[field]
        const [created] = await trx(TABLES.agreements).insert(values).onConflict('slug').ignore().returning(['id', 'version'])
        if (!created) throw slugTaken(agreement.slug)
        await replaceParties(trx, created.id, agreement.parties ?? [])
        await replaceZones(trx, created.id, agreement.zones ?? [])
        await replaceSources(trx, created.id, agreement.sources ?? [])
        await bumpZones(trx, await linkedZones(trx, created.id))
        await record(trx, actor, 'agreement.create', created.id, null)
        return { id: created.id, version: created.version }
      })
    },

    /** Changes the fields given; a list given replaces the whole list. */
    async update(id: number, expectedVersion: ExpectedVersion, changes: AgreementChanges, actor: Actor): Promise<AgreementWriteResult> {
      return knex.transaction(async (trx) => {
        const stored = await lockAgreement(trx, id, expectedVersion)
        const before = await snapshot(trx, id)
        await checkDates(trx, {
          signed_on: changes.signed_on === undefined ? stored.signed_on : changes.signed_on,
          expires_on: changes.expires_on === undefined ? stored.expires_on : changes.expires_on,
        })
        const values: Record<string, unknown> = {}
        for (const field of FIELDS) if (changes[field] !== undefined) values[field] = changes[field]
        const zonesBefore = await linkedZones(trx, id)
        if (changes.parties !== undefined) await replaceParties(trx, id, changes.parties)
        if (changes.zones !== undefined) await replaceZones(trx, id, changes.zones)
        if (changes.sources !== undefined) await replaceSources(trx, id, changes.sources)
        const [updated] = await trx(TABLES.agreements).where({ id }).update({ ...values, version: stored.version + 1, updated_at: trx.fn.now() }).returning(['id', 'version'])
        if (changes.zones !== undefined || SHOWN_ON_ZONES.some((field) => changes[field] !== undefined)) {
          await bumpZones(trx, [...zonesBefore, ...(await linkedZones(trx, id))])
        }
        await record(trx, actor, 'agreement.update', id, before)
        return updated
      })
    },

    /** Archives an agreement: it leaves the lists and the zones' properties; its record stays. */
    async archive(id: number, expectedVersion: ExpectedVersion, actor: Actor): Promise<AgreementWriteResult> {
      return knex.transaction(async (trx) => {
        const stored = await lockAgreement(trx, id, expectedVersion)
        const before = await snapshot(trx, id)
        const [updated] = await trx(TABLES.agreements).where({ id }).update({ archived: true, version: stored.version + 1, updated_at: trx.fn.now() }).returning(['id', 'version'])
        await bumpZones(trx, await linkedZones(trx, id))
        await record(trx, actor, 'agreement.archive', id, before)
        return updated
      })
    },
  }
}

export type AgreementWrites = ReturnType<typeof agreementWrites>

declare module 'fastify' {
  interface FastifyInstance {
    agreementWrites: AgreementWrites
  }
}

export default repositoryPlugin('agreementWrites', agreementWrites)
