import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { readDataVersion } from '../sql/data-version.ts'
import { type ChangeFilter, type ChangeKey, type ChangeOrder, type ChangePageRow, changePage } from '../sql/changes.ts'

export type { ChangeFilter, ChangeKey, ChangeOrder } from '../sql/changes.ts'

/** A page of changes as read in one statement. */
export interface ChangePage {
  /** The changes as one JSON array, as PostgreSQL wrote it. */
  changesJson: string
  returned: number
  /** The key of the page's last change, when a next page follows it. */
  nextAfter: ChangeKey | null
  /** When the newest change of the page was recorded, or the newest of all when the page is empty (RFC 3339). */
  lastRecorded: string | null
  /** The data version, read in the same snapshot as the changes. */
  dataVersion: number
}

const parseKey = (text: string): ChangeKey => {
  const [day, rank, id] = text.split('~')
  return { day: day!, rank: Number(rank), id: Number(id) }
}

/** What changed between two dates: status changes, boundary versions and agreements (see storage/sql/changes.ts). */
export function changesRepository(knex: Knex) {
  return {
    async page(filter: ChangeFilter, order: ChangeOrder, root: string): Promise<ChangePage> {
      const query = changePage(filter, order, root)
      const result = await knex.raw(query.sql, [...query.bindings])
      const row = result.rows[0] as ChangePageRow
      return {
        changesJson: row.changes,
        returned: row.returned,
        nextAfter: row.more && row.last_key !== null ? parseKey(row.last_key) : null,
        lastRecorded: row.last_recorded,
        dataVersion: Number(row.version),
      }
    },

    /** The data version, for a revalidation that reads nothing else. */
    dataVersion: () => readDataVersion(knex),
  }
}

export type ChangesRepository = ReturnType<typeof changesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    changes: ChangesRepository
  }
}

export default repositoryPlugin('changes', changesRepository)
