import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'
import { ConflictError, NotFoundError } from '../../domain/errors.ts'
import type { PartyType } from '../../domain/parties.ts'
import { auditLogRepository, type Actor } from './audit-log-repository.ts'

export interface PartyInput {
  slug: string
  name: string
  type: PartyType
  note?: string | null | undefined
}

const COLUMNS = ['slug', 'name', 'type', 'note']

/** Creating and editing parties (admins), audited in the same transaction. */
export function partiesWrites(knex: Knex) {
  const audit = auditLogRepository(knex)
  return {
    async create(party: PartyInput, actor: Actor) {
      return knex.transaction(async (trx) => {
        if (await trx(TABLES.parties).where({ slug: party.slug }).first('id')) {
          throw new ConflictError(`A party with the slug "${party.slug}" exists already.`, [{ where: 'body.slug', message: 'is taken' }])
        }
        const [created] = await trx(TABLES.parties).insert({ ...party, note: party.note ?? null }).returning(COLUMNS)
        await audit.recordEntity(trx, actor, { action: 'party.create', entity: 'party', entityId: party.slug, before: null, after: created })
        return created
      })
    },

    /** Renaming a party changes how its zones read, so their versions (and ETags) move on too. */
    async update(slug: string, changes: Partial<Omit<PartyInput, 'slug'>>, actor: Actor) {
      return knex.transaction(async (trx) => {
        // A key-sharing lock (a zone's edit may link the party meanwhile); then its zones, in id order, before
        // anything is written: every write to a zone locks the zone first, so renames and zone edits wait
        // for one another instead of deadlocking over the data version they all move on.
        const before = await trx(TABLES.parties).where({ slug }).forNoKeyUpdate().first(['id', ...COLUMNS])
        if (!before) throw new NotFoundError(`Party ${slug} does not exist.`)
        const itsZones = () => trx(TABLES.zoneParties).where({ party_id: before.id }).select('zone_id')
        await trx(TABLES.zones).whereIn('id', itsZones()).orderBy('id').forNoKeyUpdate().select('id')
        const [after] = await trx(TABLES.parties).where({ slug }).update({ ...changes, updated_at: trx.fn.now() }).returning(COLUMNS)
        await trx(TABLES.zones).whereIn('id', itsZones()).update({ version: trx.raw('version + 1'), updated_at: trx.fn.now() })
        const { id: _id, ...beforeValues } = before
        await audit.recordEntity(trx, actor, { action: 'party.update', entity: 'party', entityId: slug, before: beforeValues, after })
        return after
      })
    },
  }
}

export type PartiesWrites = ReturnType<typeof partiesWrites>

declare module 'fastify' {
  interface FastifyInstance {
    partiesWrites: PartiesWrites
  }
}

export default repositoryPlugin('partiesWrites', partiesWrites)
