import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'
import { CURRENT_ZONES_SQL } from '../sql/zone-sql.ts'

export function partiesRepository(knex: Knex) {
  return {
    /** Which of these slugs name a party. */
    async existingSlugs(slugs: readonly string[]): Promise<string[]> {
      return slugs.length === 0 ? [] : knex(TABLES.parties).whereIn('slug', [...new Set(slugs)]).pluck('slug')
    },

    /** Every party with the number of (unarchived) zones it takes part in, as a JSON array (text). */
    async listJson(): Promise<string> {
      const result = await knex.raw(
        `select coalesce(json_agg(json_build_object('slug', p.slug, 'name', p.name, 'name_ar', p.name_ar, 'type', p.type, 'note', p.note,
                  'zone_count', (select count(distinct zp.zone_id)::int from ${TABLES.zoneParties} zp
                                   join ${TABLES.zones} z on z.id = zp.zone_id and not z.archived
                                  where zp.party_id = p.id)) order by p.name)::text, '[]') as parties
           from ${TABLES.parties} p`,
      )
      return result.rows[0].parties as string
    },

    /** One party with the zones it takes part in and its roles there, as JSON text; null if unknown. */
    async getJson(slug: string, root: string): Promise<string | null> {
      const result = await knex.raw(
        `select json_build_object('slug', p.slug, 'name', p.name, 'name_ar', p.name_ar, 'type', p.type, 'note', p.note,
                  'zones', (select coalesce(json_agg(json_build_object('id', z.id, 'slug', z.slug, 'name', z.name, 'name_ar', z.name_ar, 'kind', z.kind,
                                      'status', z.status, 'role', zp.role, 'href', ?::text || '/zones/' || z.id) order by z.name, zp.role), '[]'::json)
                              from ${TABLES.zoneParties} zp join ${CURRENT_ZONES_SQL} on z.id = zp.zone_id and not z.archived
                             where zp.party_id = p.id))::text as party
           from ${TABLES.parties} p where p.slug = ?`,
        [root, slug],
      )
      return (result.rows[0]?.party as string | undefined) ?? null
    },
  }
}

export type PartiesRepository = ReturnType<typeof partiesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    parties: PartiesRepository
  }
}

export default repositoryPlugin('parties', partiesRepository)
