import type { Knex } from 'knex'
import { InvalidEditError } from '../../domain/errors.ts'
import { TABLES } from './tables.ts'

/** The id of the unarchived agreement a write cites by slug; refused (422, at `where`) when there is none. */
export async function citedAgreementId(trx: Knex.Transaction, slug: string, where: string): Promise<number> {
  const row = await trx(TABLES.agreements).where({ slug, archived: false }).first('id')
  if (!row) {
    const message = `no agreement has the slug "${slug}"; record it first (POST /agreements)`
    throw new InvalidEditError(`${where}: ${message}`, [{ where, message }])
  }
  return row.id as number
}
