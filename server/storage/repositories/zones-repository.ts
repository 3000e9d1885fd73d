import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'
import type { Kind } from '../../domain/kinds.ts'
import { citedSourcesSql, publicTextSql } from '../sql/cited-text.ts'
import { STATUS_CHANGE_AGREEMENT_SQL } from '../sql/agreement-sql.ts'
import { WEAK_RELIABILITIES } from '../../domain/source-reliability.ts'

/**
 * True for a status change (aliased sc) that has sources, all of them graded weak (a state or
 * partisan outlet, a blog or a mirror): the reader is told that the entry rests on them alone.
 */
const WEAK_SOURCES_ONLY_SQL = `(exists (select from ${TABLES.statusChangeSources} scs where scs.status_change_id = sc.id)
      and not exists (select from ${TABLES.statusChangeSources} scs join ${TABLES.sources} s on s.id = scs.source_id
                       where scs.status_change_id = sc.id and (s.reliability is null or s.reliability not in (${WEAK_RELIABILITIES.map((grade) => `'${grade}'`).join(', ')}))))`

/** What the zone routes look up besides features (see zone-features-repository.ts): ids, slugs, kinds and history. */
export function zonesRepository(knex: Knex) {
  return {
    /** The zone's id for an id or slug (among archived zones with archived: true; created by `recordedBy`, when given), or null. */
    async findId(idOrSlug: number | string, options: { archived?: boolean; recordedBy?: string | undefined } = {}): Promise<number | null> {
      const query = knex(TABLES.zones)
        .where(typeof idOrSlug === 'number' ? { id: idOrSlug } : { slug: idOrSlug })
        .andWhere('archived', options.archived ?? false)
      if (options.recordedBy) query.whereRaw('created_at <= ?::timestamptz', [options.recordedBy])
      const row = await query.first('id')
      return row ? (row.id as number) : null
    },

    /** Which of these slugs are taken (archived zones included). */
    async existingSlugs(slugs: readonly string[]): Promise<string[]> {
      return slugs.length === 0 ? [] : knex(TABLES.zones).whereIn('slug', [...new Set(slugs)]).pluck('slug')
    },

    async kindOf(id: number): Promise<Kind> {
      return (await knex(TABLES.zones).where({ id }).first('kind')).kind as Kind
    },

    /**
     * The zone's status changes, oldest first, each with its sources, the sources its text cites and
     * whether it is still to take effect, as a JSON array (text); for an editor, with its curation note.
     * With `recordedAsOf`, only the entries recorded by then.
     */
    async historyJson(zoneId: number, options: { forEditor?: boolean; recordedAsOf?: string | undefined } = {}): Promise<string> {
      const result = await knex.raw(
        `select coalesce(json_agg(json_build_object(
                  'id', sc.id, 'reverses_change_id', sc.reverses_change_id,
                  'from_status', sc.from_status, 'to_status', sc.to_status,
                  'effective_on', sc.effective_on, 'effective_precision', sc.effective_precision,
                  'scheduled', sc.effective_on > current_date,
                  'recorded_at', sc.recorded_at, 'recorded_by', sc.recorded_by,
                  'reason', ${publicTextSql('sc.reason')}, 'basis', sc.basis, 'note', ${publicTextSql('sc.note')},
                  'citations', ${citedSourcesSql(['sc.reason', 'sc.note'])}, 'agreement', ${STATUS_CHANGE_AGREEMENT_SQL},${options.forEditor ? `
                  'curation_note', sc.curation_note,` : ''}
                  'sources', (select coalesce(json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url, 'published_on', s.published_on, 'reliability', s.reliability) order by s.id), '[]'::json)
                                from ${TABLES.statusChangeSources} scs join ${TABLES.sources} s on s.id = scs.source_id
                               where scs.status_change_id = sc.id),
                  'weak_sources_only', ${WEAK_SOURCES_ONLY_SQL}
                ) order by sc.effective_on, sc.id)::text, '[]') as history
           from ${TABLES.statusChanges} sc where sc.zone_id = ?${options.recordedAsOf ? ' and sc.recorded_at <= ?::timestamptz' : ''}`,
        options.recordedAsOf ? [zoneId, options.recordedAsOf] : [zoneId],
      )
      return result.rows[0].history as string
    },
  }
}

export type ZonesRepository = ReturnType<typeof zonesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    zones: ZonesRepository
  }
}

export default repositoryPlugin('zones', zonesRepository)
