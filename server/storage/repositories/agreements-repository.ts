import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { AGREEMENT_FEATURES, AGREEMENTS_SUMMARY_SQL } from '../sql/agreement-features.ts'
import { TABLES } from '../sql/tables.ts'
import { featureCollectionRepository } from './feature-collection-repository.ts'
import type { CollectionSummary } from './zone-features-repository.ts'

export type { AgreementFilter } from '../sql/agreement-features.ts'

/** The reads of agreements: as features (pages, streams, one, counts) through their description, ids and the extent. */
export function agreementsRepository(knex: Knex) {
  return {
    ...featureCollectionRepository(knex, AGREEMENT_FEATURES),

    /** The id of the unarchived agreement with this id or slug, or null. */
    async findId(idOrSlug: number | string): Promise<number | null> {
      const row = await knex(TABLES.agreements).where(typeof idOrSlug === 'number' ? { id: idOrSlug } : { slug: idOrSlug }).andWhere('archived', false).first('id')
      return row ? (row.id as number) : null
    },

    /** Count, extent and dates of the unarchived agreements. */
    async summary(): Promise<CollectionSummary> {
      const row = (await knex.raw(AGREEMENTS_SUMMARY_SQL)).rows[0] as Record<string, unknown>
      const edges = [row.west, row.south, row.east, row.north]
      return {
        count: row.count as number,
        bbox: edges.some((edge) => edge === null) ? null : (edges.map(Number) as [number, number, number, number]),
        start: (row.start as string | null) ?? null,
        end: row.open ? null : ((row.end as string | null) ?? null),
      }
    },
  }
}

export type AgreementsRepository = ReturnType<typeof agreementsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    agreements: AgreementsRepository
  }
}

export default repositoryPlugin('agreements', agreementsRepository)
