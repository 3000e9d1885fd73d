import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import type { Geometry } from 'geojson'
import { TABLES } from '../sql/tables.ts'
import { ConflictError, InvalidEditError, NotFoundError, StaleVersionError, TransitionNotAllowedError } from '../../domain/errors.ts'
import { geometryTypesForKind, type GeometryType, type Kind } from '../../domain/kinds.ts'
import type { SourceReliability } from '../../domain/source-reliability.ts'
import type { PartyType, Role } from '../../domain/parties.ts'
import { allowedTransitions, canTransition, isFinal, type Status } from '../../domain/statuses.ts'
import { datesFromHistory, effectiveDateProblem, effectiveHistory, undoableEntry, type RecordedEntry } from '../../domain/history.ts'
import type { LocationPrecision } from '../../domain/location-precision.ts'
import { auditLogRepository, type Actor } from './audit-log-repository.ts'
import { isStale, type ExpectedVersion } from '../../domain/expected-version.ts'
import { notifyZoneChange } from '../sql/zone-change-notice.ts'
import { invalidGeometryReasons } from '../sql/geometry-validity.ts'
import { CURRENT_ZONES_SQL } from '../sql/zone-sql.ts'
import { geometryFamilySql } from '../sql/feature-filter.ts'
import type { GeometryFamily } from '../../domain/geometry-families.ts'
import { citedAgreementId } from '../sql/agreement-citation.ts'
import { effectiveOnProblem, followsCurrentProblem, type BoundaryChange } from '../../domain/boundary-changes.ts'
import {
  FIRST_OUTLINE_REASON, boundarySourceIds, currentBoundary, describeBoundary, insertBoundary, sameOutline, supersedeBoundary, withdrawBoundaries,
} from './zone-boundary-writes.ts'

/**
 * Every write to a zone: one transaction that checks the version the editor saw, changes the zone,
 * writes its history row and its audit row, or does nothing at all.
 */
export interface SourceInput {
  source_url?: string | undefined
  source_title?: string | undefined
}

export interface PartyInput {
  party: string
  role: Role
  note?: string | null | undefined
}

/** A source a zone's texts cite as [key] (an import brings them along). */
export interface CitedSourceInput {
  key: string
  title: string
  publisher: string | null
  url: string
  /** Its grade, as an export gives it; null or absent where it is not graded. */
  reliability?: SourceReliability | null | undefined
}

export interface NewZone extends SourceInput {
  slug: string
  name: string
  name_ar?: string | null | undefined
  /** Other spellings the zone is searched by (Dar'a, Deraa); none when not given. */
  search_names?: readonly string[] | undefined
  kind: Kind
  description?: string | null | undefined
  geometry: Geometry | null
  location_precision: LocationPrecision
  geometry_note?: string | null | undefined
  status: Status
  effective_date: string
  reason: string
  parties: PartyInput[]
  citations?: CitedSourceInput[] | undefined
}

export interface ZoneChanges {
  name?: string | undefined
  name_ar?: string | null | undefined
  description?: string | null | undefined
  kind?: Kind | undefined
  geometry?: Geometry | null | undefined
  /** How a new geometry enters the record; without it, a correction of the version in force. */
  boundary?: BoundaryChange | undefined
  location_precision?: LocationPrecision | undefined
  geometry_note?: string | null | undefined
  curation_note?: string | null | undefined
  proposed_on?: string | null | undefined
  in_force_from?: string | null | undefined
  ended_on?: string | null | undefined
  parties?: PartyInput[] | undefined
}

export interface StatusChange extends SourceInput {
  status: Status
  effective_date: string
  reason: string
  /** The slug of the agreement the change follows from. */
  agreement?: string | undefined
}

/** Dates a zone brings with it (an import) instead of those derived from its first status. */
export interface ZoneDatesOverride {
  proposed_on?: string | null
  in_force_from?: string | null
  ended_on?: string | null
}

export interface NewParty {
  slug: string
  name: string
  name_ar?: string | null | undefined
  type: PartyType
}

/** A zone as an edit finds it: its kind, and its status as readers see it today. */
export interface EditableZone {
  id: number
  kind: Kind
  status: Status
}

export interface WriteResult {
  id: number
  version: number
}

interface LockedZone {
  id: number
  version: number
  status: Status
  status_since: string
  kind: Kind
  archived: boolean
  geometry_type: string | null
  in_force_from: string | null
}

const ZONE_FIELDS = ['name', 'name_ar', 'description', 'kind', 'location_precision', 'geometry_note', 'curation_note', 'proposed_on', 'in_force_from', 'ended_on'] as const

/** The advisory lock imports take (an arbitrary key of this service's). */
const IMPORT_LOCK = 7_130_001

export function zoneWrites(knex: Knex) {
  const audit = auditLogRepository(knex)

  /** Locks the zone row for the rest of the transaction and checks the version the editor saw. */
  async function lockZone(trx: Knex.Transaction, id: number, expectedVersion: ExpectedVersion, options: { archived?: boolean } = {}): Promise<LockedZone> {
    const zone: LockedZone | undefined = await trx(TABLES.zones)
      .where({ id })
      .forUpdate()
      .first('id', 'version', 'status', 'status_since', 'kind', 'archived', 'in_force_from', trx.raw('ST_GeometryType(geom) as geometry_type'))
    if (!zone || zone.archived !== (options.archived ?? false)) throw new NotFoundError(`Zone ${id} does not exist${options.archived ? ' in the archive' : ''}.`)
    if (isStale(expectedVersion, zone.version)) throw new StaleVersionError(id, zone.version)
    return zone
  }

  /** PostGIS's own verdict on shapes turf found sound, all in one statement: the last check before they are stored. */
  async function checkWithPostgis(trx: Knex.Transaction, geometries: ReadonlyArray<Geometry | null>, whereOf: (index: number) => string): Promise<void> {
    const invalid = await invalidGeometryReasons(trx, geometries)
    if (invalid.size === 0) return
    const located = [...invalid].map(([index, reason]) => ({ where: whereOf(index), message: `PostGIS: ${reason}` }))
    throw new InvalidEditError(`The geometry is not valid: ${[...invalid.values()].join('; ')}.`, located)
  }

  async function partyIds(trx: Knex.Transaction, parties: readonly PartyInput[], where: string): Promise<number[]> {
    const rows: Array<{ id: number; slug: string }> = await trx(TABLES.parties).whereIn('slug', [...new Set(parties.map((party) => party.party))]).select('id', 'slug')
    const bySlug = new Map(rows.map((row) => [row.slug, row.id]))
    const unknown = parties.flatMap((party, index) => (bySlug.has(party.party) ? [] : [{ where: `${where}[${index}].party`, message: `no party has the slug "${party.party}"; create it first (POST /parties)` }]))
    if (unknown.length > 0) throw new InvalidEditError(unknown.map((problem) => `${problem.where}: ${problem.message}`).join('; '), unknown)
    return parties.map((party) => bySlug.get(party.party)!)
  }

  async function replaceParties(trx: Knex.Transaction, zoneId: number, parties: readonly PartyInput[], where: string): Promise<void> {
    const ids = await partyIds(trx, parties, where)
    await trx(TABLES.zoneParties).where({ zone_id: zoneId }).delete()
    if (parties.length === 0) return
    const rows = parties.map((party, index) => ({ zone_id: zoneId, party_id: ids[index]!, role: party.role, note: party.note ?? null }))
    await trx(TABLES.zoneParties).insert(rows).onConflict(['zone_id', 'party_id', 'role']).ignore()
  }

  /** The source the change cites, found by URL or added; linked to the zone. */
  async function citeSource(trx: Knex.Transaction, zoneId: number, input: SourceInput): Promise<number | null> {
    if (!input.source_url && !input.source_title) return null
    const existing = input.source_url ? await trx(TABLES.sources).where({ url: input.source_url }).first('id') : undefined
    const id: number = existing
      ? existing.id
      : (await trx(TABLES.sources).insert({ title: input.source_title ?? input.source_url, url: input.source_url ?? null }).returning('id'))[0].id
    await trx(TABLES.zoneSources).insert({ zone_id: zoneId, source_id: id }).onConflict(['zone_id', 'source_id']).ignore()
    return id
  }

  /** The database's today, the day against which scheduled changes are "in effect" on every read. */
  async function today(trx: Knex.Transaction): Promise<string> {
    return (await trx.raw(`select current_date::text as today`)).rows[0].today as string
  }

  /** Refuses a status date out of range: a new zone's must be in effect already, a change's within a year ahead. */
  async function checkEffectiveDate(trx: Knex.Transaction, date: string, where: string, options: { scheduling: boolean }): Promise<void> {
    const now = await today(trx)
    const problem = !options.scheduling && date > now
      ? `is in the future (after ${now}); a zone enters the record with a status already in effect: create it with today's status and schedule the change (POST /zones/{id}/status)`
      : effectiveDateProblem(date, now)
    if (problem) throw new InvalidEditError(`The effective date ${date} ${problem}.`, [{ where, message: problem }])
  }

  /**
   * The sources the zone's texts cite as [key], found by key or added, linked to the zone. A key that
   * names another source here (another URL) is refused: the text would lead to the wrong source.
   */
  async function citeByKey(trx: Knex.Transaction, zoneId: number, citations: readonly CitedSourceInput[], where: string): Promise<void> {
    if (citations.length === 0) return
    const existing: Array<{ id: number; citation_key: string; url: string | null }> = await trx(TABLES.sources).whereIn('citation_key', citations.map((cited) => cited.key)).select('id', 'citation_key', 'url')
    const byKey = new Map(existing.map((source) => [source.citation_key, source]))
    const clashes = citations.flatMap((cited, index) => {
      const known = byKey.get(cited.key)
      return known && known.url !== cited.url ? [{ where: `${where}[${index}].key`, message: `${cited.key} names another source here (${known.url ?? 'without a URL'}); rename the key in the texts and here` }] : []
    })
    if (clashes.length > 0) throw new InvalidEditError(clashes.map((clash) => `${clash.where}: ${clash.message}`).join('; '), clashes)
    const added = citations.filter((cited) => !byKey.has(cited.key))
    const ids = existing.map((source) => source.id)
    if (added.length > 0) {
      const rows = await trx(TABLES.sources).insert(added.map(({ key, title, publisher, url, reliability }) => ({ citation_key: key, title, publisher, url, reliability: reliability ?? null }))).returning('id')
      ids.push(...rows.map((row: { id: number }) => row.id))
    }
    await trx(TABLES.zoneSources).insert(ids.map((id) => ({ zone_id: zoneId, source_id: id }))).onConflict(['zone_id', 'source_id']).ignore()
  }

  async function recordStatusChange(
    trx: Knex.Transaction,
    zoneId: number,
    change: { from_status: Status | null; to_status: Status; effective_on: string; reason: string; recorded_by: string; note?: string; agreement_id?: number | null },
    sourceId: number | null,
  ): Promise<void> {
    const [row] = await trx(TABLES.statusChanges).insert({ ...change, zone_id: zoneId, basis: 'stated' }).returning('id')
    if (sourceId !== null) await trx(TABLES.statusChangeSources).insert({ status_change_id: row.id, source_id: sourceId })
  }

  function checkKindFits(kind: Kind, geometryType: string | null, where: string): void {
    if (geometryType === null) return
    const type = geometryType.replace(/^ST_/, '') as GeometryType
    const allowed = geometryTypesForKind(kind)
    if (!allowed.includes(type)) {
      throw new InvalidEditError(`A ${kind} is drawn as ${allowed.join(' or ')}, not ${type}.`, [{ where, message: `a ${kind} is drawn as ${allowed.join(' or ')}, not ${type}` }])
    }
  }

  /** Refuses a new version dated in the future or not after the version in force. */
  async function checkNewVersionDate(trx: Knex.Transaction, date: string, current: string | null): Promise<void> {
    const problem = effectiveOnProblem(date, await today(trx)) ?? followsCurrentProblem(date, current)
    if (problem) throw new InvalidEditError(`The boundary cannot take effect on ${date}: it ${problem}.`, [{ where: 'body.boundary.effective_date', message: problem }])
  }

  /** The first day of a zone's record and its precision: the day its first outline takes effect from. */
  async function firstDay(trx: Knex.Transaction, zoneId: number): Promise<{ effective_on: string; effective_precision: 'day' | 'month' | 'year' }> {
    const { rows } = await trx.raw(
      `select coalesce(first.effective_on, z.proposed_on, z.created_at::date)::text as effective_on, coalesce(first.effective_precision, 'day') as effective_precision
         from ${TABLES.zones} z
         left join lateral (select sc.effective_on, sc.effective_precision from ${TABLES.statusChanges} sc where sc.zone_id = z.id order by sc.effective_on, sc.id limit 1) first on true
        where z.id = ?`,
      [zoneId],
    )
    return rows[0]
  }

  /**
   * Writes a change of outline as boundary versions: a new version, a correction of the version in
   * force (the default), the first outline of a zone that had none, or the outline withdrawn (null).
   * Without a geometry, a new precision or note is written on the version in force. Returns whether
   * the precision and note went to a version (else they stay the zone's own, as for a zone without one).
   */
  async function changeOutline(trx: Knex.Transaction, zoneId: number, changes: ZoneChanges, actor: Actor): Promise<boolean> {
    const { geometry, boundary } = changes
    const description = { location_precision: changes.location_precision, geometry_note: changes.geometry_note }
    const current = await currentBoundary(trx, zoneId)
    if (geometry === undefined) {
      if (current) await describeBoundary(trx, current.id, description)
      return current !== null
    }
    if (geometry === null) {
      await withdrawBoundaries(trx, zoneId)
      return false
    }
    const sourceId = boundary ? await citeSource(trx, zoneId, boundary) : null
    const sources = sourceId === null ? [] : [sourceId]
    const described = {
      location_precision: description.location_precision ?? current?.location_precision,
      geometry_note: description.geometry_note !== undefined ? description.geometry_note : current?.geometry_note,
    }
    if (boundary?.change === 'new-version') {
      await checkNewVersionDate(trx, boundary.effective_date!, current?.effective_on ?? null)
      const zone = await trx(TABLES.zones).where({ id: zoneId }).first('location_precision', 'geometry_note')
      await insertBoundary(trx, {
        zone_id: zoneId, geometry, effective_on: boundary.effective_date!, effective_precision: boundary.effective_precision ?? 'day',
        reason: boundary.reason!, basis: boundary.basis ?? 'stated',
        location_precision: described.location_precision ?? zone.location_precision, geometry_note: described.geometry_note === undefined ? zone.geometry_note : described.geometry_note,
        recorded_by: actor.username,
      }, sources)
      return true
    }
    if (current) {
      // The same outline again (a form saved whole, an OGC PUT) corrects nothing: only its description may change.
      if (sources.length === 0 && (await sameOutline(trx, current.id, geometry))) {
        await describeBoundary(trx, current.id, description)
        return true
      }
      const corrected = await insertBoundary(trx, {
        zone_id: zoneId, geometry, effective_on: current.effective_on, effective_precision: current.effective_precision,
        reason: boundary?.reason ?? current.reason, basis: current.basis,
        location_precision: described.location_precision ?? current.location_precision, geometry_note: described.geometry_note ?? null,
        recorded_by: actor.username,
      }, [...(await boundarySourceIds(trx, current.id)), ...sources])
      await supersedeBoundary(trx, current.id, corrected)
      return true
    }
    // A zone without an outline gets its first, in force from the first day of its record.
    const zone = await trx(TABLES.zones).where({ id: zoneId }).first('location_precision', 'geometry_note')
    await insertBoundary(trx, {
      zone_id: zoneId, geometry, ...(await firstDay(trx, zoneId)), reason: boundary?.reason ?? FIRST_OUTLINE_REASON, basis: 'inferred',
      location_precision: description.location_precision ?? zone.location_precision, geometry_note: description.geometry_note !== undefined ? description.geometry_note : zone.geometry_note,
      recorded_by: actor.username,
    }, sources)
    return true
  }

  const slugTaken = (slug: string) =>
    new ConflictError(`A zone with the slug "${slug}" exists already: choose another slug.`, [{ where: 'body.properties.slug', message: 'is taken' }])

  /**
   * Creates a zone, its parties, its first history row and its audit row inside `trx`; its shape has
   * passed checkWithPostgis. A slug another transaction is creating at the same moment waits for it
   * (the unique index), then counts as taken.
   */
  async function createIn(trx: Knex.Transaction, zone: NewZone, actor: Actor, dates: ZoneDatesOverride = {}): Promise<WriteResult> {
    if (await trx(TABLES.zones).where({ slug: zone.slug }).first('id')) throw slugTaken(zone.slug)
    await checkEffectiveDate(trx, zone.effective_date, 'body.properties.effective_date', { scheduling: false })
    const [created] = await trx(TABLES.zones)
      .insert({
        slug: zone.slug,
        name: zone.name,
        name_ar: zone.name_ar ?? null,
        ...(zone.search_names?.length ? { search_names: [...zone.search_names] } : {}),
        kind: zone.kind,
        description: zone.description ?? null,
        location_precision: zone.location_precision,
        geometry_note: zone.geometry_note ?? null,
        status: zone.status,
        status_since: zone.effective_date,
        proposed_on: zone.status === 'proposed' ? zone.effective_date : null,
        in_force_from: zone.status === 'active' ? zone.effective_date : null,
        ended_on: isFinal(zone.status) ? zone.effective_date : null,
        ...dates,
      })
      .onConflict('slug')
      .ignore()
      .returning(['id', 'version'])
    if (!created) throw slugTaken(zone.slug)
    await replaceParties(trx, created.id, zone.parties, 'body.properties.parties')
    const sourceId = await citeSource(trx, created.id, zone)
    await citeByKey(trx, created.id, zone.citations ?? [], 'body.properties.citations')
    await recordStatusChange(trx, created.id, { from_status: null, to_status: zone.status, effective_on: zone.effective_date, reason: zone.reason, recorded_by: actor.username }, sourceId)
    if (zone.geometry) {
      await insertBoundary(trx, {
        zone_id: created.id, geometry: zone.geometry, effective_on: zone.effective_date, effective_precision: 'day', reason: zone.reason, basis: 'stated',
        location_precision: zone.location_precision, geometry_note: zone.geometry_note ?? null, recorded_by: actor.username,
      }, sourceId === null ? [] : [sourceId])
    }
    await audit.record(trx, actor, { action: 'zone.create', zoneId: created.id, before: null })
    await notifyZoneChange(trx, { zone_id: created.id, version: created.version, action: 'zone.create' })
    return { id: created.id, version: created.version }
  }

  return {
    /** The unarchived zone an edit would change (of `kind`, when given), or null when there is none. */
    async editableZone(id: number, kind?: Kind, family?: GeometryFamily): Promise<EditableZone | null> {
      const query = knex.from(knex.raw(CURRENT_ZONES_SQL)).where({ 'z.id': id, 'z.archived': false })
      if (kind) query.where('z.kind', kind)
      if (family) query.whereRaw(geometryFamilySql(family))
      return ((await query.first('z.id', 'z.kind', 'z.status')) as EditableZone | undefined) ?? null
    },

    /** Creates a zone; `dates` are those it brings along (a feature exported from here), else they follow from its status. */
    async create(zone: NewZone, actor: Actor, dates: ZoneDatesOverride = {}): Promise<WriteResult> {
      return knex.transaction(async (trx) => {
        await checkWithPostgis(trx, [zone.geometry], () => 'body.geometry')
        return createIn(trx, zone, actor, dates)
      })
    },

    /**
     * Creates every zone of an import, and the parties they name that do not exist yet, in one
     * transaction: all or nothing. The caller has had PostGIS judge the shapes (invalidGeometryReasons).
     */
    async importZones(zones: ReadonlyArray<{ zone: NewZone; dates: ZoneDatesOverride }>, parties: readonly NewParty[], actor: Actor): Promise<WriteResult[]> {
      return knex.transaction(async (trx) => {
        // One import at a time: two that insert the same slugs in different orders would deadlock.
        await trx.raw('select pg_advisory_xact_lock(?)', [IMPORT_LOCK])
        // Not asked of PostGIS again: the caller did, to report each refusal by its feature, and the
        // geometry constraint still guards.
        if (parties.length > 0) await trx(TABLES.parties).insert(parties.map((party) => ({ ...party, note: 'created by an import' }))).onConflict('slug').ignore()
        const created: WriteResult[] = []
        for (const { zone, dates } of zones) created.push(await createIn(trx, zone, actor, dates))
        return created
      })
    },

    async update(id: number, expectedVersion: ExpectedVersion, changes: ZoneChanges, actor: Actor): Promise<WriteResult> {
      return knex.transaction(async (trx) => {
        const zone = await lockZone(trx, id, expectedVersion)
        const before = await audit.snapshot(trx, id)
        const values: Record<string, unknown> = {}
        for (const field of ZONE_FIELDS) if (changes[field] !== undefined) values[field] = changes[field]
        if (changes.geometry !== undefined) await checkWithPostgis(trx, [changes.geometry], () => 'body.geometry')
        // The outline's precision and note describe the version in force: they are written there.
        if (await changeOutline(trx, id, changes, actor)) {
          delete values['location_precision']
          delete values['geometry_note']
        }
        if (changes.kind !== undefined && changes.geometry === undefined) checkKindFits(changes.kind, zone.geometry_type, 'body.kind')
        if (changes.parties !== undefined) await replaceParties(trx, id, changes.parties, 'body.parties')
        const [updated] = await trx(TABLES.zones)
          .where({ id })
          .update({ ...values, version: zone.version + 1, updated_at: trx.fn.now() })
          .returning(['id', 'version'])
        await audit.record(trx, actor, { action: 'zone.update', zoneId: id, before })
        await notifyZoneChange(trx, { zone_id: id, version: updated.version, action: 'zone.update' })
        return updated
      })
    },

    async changeStatus(id: number, expectedVersion: ExpectedVersion, change: StatusChange, actor: Actor, note?: string): Promise<WriteResult> {
      return knex.transaction(async (trx) => {
        const zone = await lockZone(trx, id, expectedVersion)
        await checkEffectiveDate(trx, change.effective_date, 'body.effective_date', { scheduling: true })
        if (!canTransition(zone.status, change.status)) throw new TransitionNotAllowedError(zone.status, change.status, allowedTransitions(zone.status))
        if (change.effective_date < zone.status_since) {
          throw new InvalidEditError(`The change cannot take effect on ${change.effective_date}, before the current status (${zone.status} since ${zone.status_since}).`, [
            { where: 'body.effective_date', message: `must be on or after ${zone.status_since}` },
          ])
        }
        const before = await audit.snapshot(trx, id)
        const sourceId = await citeSource(trx, id, change)
        const agreementId = change.agreement === undefined ? null : await citedAgreementId(trx, change.agreement, 'body.agreement')
        const [updated] = await trx(TABLES.zones)
          .where({ id })
          .update({
            status: change.status,
            status_since: change.effective_date,
            ...(change.status === 'active' && !zone.in_force_from ? { in_force_from: change.effective_date } : {}),
            ...(isFinal(change.status) ? { ended_on: change.effective_date } : {}),
            version: zone.version + 1,
            updated_at: trx.fn.now(),
          })
          .returning(['id', 'version'])
        await recordStatusChange(
          trx,
          id,
          { from_status: zone.status, to_status: change.status, effective_on: change.effective_date, reason: change.reason, recorded_by: actor.username, agreement_id: agreementId, ...(note ? { note } : {}) },
          sourceId,
        )
        await audit.record(trx, actor, { action: 'zone.status', zoneId: id, before })
        await notifyZoneChange(trx, { zone_id: id, version: updated.version, action: 'zone.status' })
        return updated
      })
    },

    /**
     * Undoes the latest status change by recording a new change that reverses it (dated like it, so
     * the map as of any date stays right); the history keeps both.
     */
    async undoStatusChange(id: number, expectedVersion: ExpectedVersion, reason: string, actor: Actor): Promise<WriteResult> {
      return knex.transaction(async (trx) => {
        const zone = await lockZone(trx, id, expectedVersion)
        const entries: RecordedEntry[] = await trx(TABLES.statusChanges)
          .where({ zone_id: id })
          .orderBy([{ column: 'effective_on' }, { column: 'id' }])
          .select('id', 'reverses_change_id', 'from_status', 'to_status', 'effective_on')
        const target = undoableEntry(entries)
        if (!target) throw new ConflictError('There is no status change to undo: the last entry is the zone\'s first, or is itself an undo. Change the status instead.')
        const before = await audit.snapshot(trx, id)
        const [reversal] = await trx(TABLES.statusChanges)
          .insert({
            zone_id: id,
            from_status: zone.status,
            to_status: target.from_status,
            effective_on: target.effective_on,
            reason,
            recorded_by: actor.username,
            basis: 'stated',
            note: `Undoes the change to ${target.to_status} recorded for ${target.effective_on}.`,
            reverses_change_id: target.id,
          })
          .returning(['id'])
        const dates = datesFromHistory(effectiveHistory([...entries, { ...target, id: reversal.id, reverses_change_id: target.id }]))
        const [updated] = await trx(TABLES.zones)
          .where({ id })
          .update({ ...dates, version: zone.version + 1, updated_at: trx.fn.now() })
          .returning(['id', 'version'])
        await audit.record(trx, actor, { action: 'zone.status.undo', zoneId: id, before })
        await notifyZoneChange(trx, { zone_id: id, version: updated.version, action: 'zone.status.undo' })
        return updated
      })
    },

    /** Archives (archive=true) or restores a zone; nothing is ever deleted. */
    async setArchived(id: number, expectedVersion: ExpectedVersion, archive: boolean, actor: Actor): Promise<WriteResult> {
      return knex.transaction(async (trx) => {
        const zone = await lockZone(trx, id, expectedVersion, { archived: !archive })
        const before = await audit.snapshot(trx, id)
        const [updated] = await trx(TABLES.zones)
          .where({ id })
          .update({ archived: archive, version: zone.version + 1, updated_at: trx.fn.now() })
          .returning(['id', 'version'])
        const action = archive ? 'zone.archive' : 'zone.restore'
        await audit.record(trx, actor, { action, zoneId: id, before })
        await notifyZoneChange(trx, { zone_id: id, version: updated.version, action })
        return updated
      })
    },
  }
}

export type ZoneWrites = ReturnType<typeof zoneWrites>

declare module 'fastify' {
  interface FastifyInstance {
    zoneWrites: ZoneWrites
  }
}

export default repositoryPlugin('zoneWrites', zoneWrites)
