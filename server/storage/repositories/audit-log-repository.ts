import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'

export interface Actor {
  userId: number
  username: string
  requestId?: string | undefined
  /** The API token the write is made with; none through a browser session. */
  apiTokenId?: number | undefined
  /** How the writer signed in; none for the command line. */
  authMethod?: 'session' | 'bearer' | 'basic' | undefined
  /** The client the write came from (its User-Agent, cleaned and cut short), when it said. */
  client?: string | null | undefined
}

/** The columns that say who wrote, and with what, in every audit row. */
function writer(actor: Actor) {
  return {
    user_id: actor.userId,
    username: actor.username,
    request_id: actor.requestId ?? null,
    api_token_id: actor.apiTokenId ?? null,
    auth_method: actor.authMethod ?? null,
    client: actor.client ?? null,
  }
}

export interface AuditFilter {
  zoneId?: number | undefined
  username?: string | undefined
  from?: string | undefined
  to?: string | undefined
  before?: number | undefined
  limit: number
}

const ZONE_SNAPSHOT_SQL = `select ((to_jsonb(z) - 'geom') || jsonb_build_object(
    'geometry', ST_AsGeoJSON(z.geom)::jsonb,
    'parties', coalesce((select jsonb_agg(jsonb_build_object('party', p.slug, 'role', zp.role) order by p.slug, zp.role)
                           from ${TABLES.zoneParties} zp join ${TABLES.parties} p on p.id = zp.party_id where zp.zone_id = z.id), '[]'::jsonb)
  ))::text as snapshot
  from ${TABLES.zones} z where z.id = ?`

/** The zone as it stands in this transaction, as JSON text for an audit row. */
async function zoneSnapshot(trx: Knex.Transaction, zoneId: number): Promise<string | null> {
  const { rows } = await trx.raw(ZONE_SNAPSHOT_SQL, [zoneId])
  return (rows[0]?.snapshot as string | undefined) ?? null
}

/** The audit trail: who changed what, when, with the values before and after. */
export function auditLogRepository(knex: Knex) {
  return {
    snapshot: zoneSnapshot,

    /** Writes the audit row of a zone write, taking the zone's state after it from the same transaction. */
    async record(trx: Knex.Transaction, actor: Actor, entry: { action: string; zoneId: number; before: string | null }): Promise<void> {
      const after = await zoneSnapshot(trx, entry.zoneId)
      await trx(TABLES.auditLog).insert({
        ...writer(actor),
        action: entry.action,
        entity: 'zone',
        entity_id: String(entry.zoneId),
        zone_id: entry.zoneId,
        before: entry.before === null ? null : trx.raw('?::jsonb', [entry.before]),
        after: after === null ? null : trx.raw('?::jsonb', [after]),
      })
    },

    /** Audit rows of another entity (a party, an agreement), written in the caller's transaction. */
    async recordEntity(trx: Knex.Transaction, actor: Actor, entry: { action: string; entity: string; entityId: string; before: unknown; after: unknown; agreementId?: number }) {
      await trx(TABLES.auditLog).insert({
        ...writer(actor),
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId,
        agreement_id: entry.agreementId ?? null,
        before: entry.before === null ? null : trx.raw('?::jsonb', [JSON.stringify(entry.before)]),
        after: entry.after === null ? null : trx.raw('?::jsonb', [JSON.stringify(entry.after)]),
      })
    },

    /** Newest first, as a JSON array (text). */
    async listJson(filter: AuditFilter): Promise<string> {
      const query = knex(`${TABLES.auditLog} as a`)
        .leftJoin(`${TABLES.apiTokens} as t`, 't.id', 'a.api_token_id')
        .select('a.id', 'a.at', 'a.username', 'a.action', 'a.entity', 'a.entity_id', 'a.zone_id', 'a.before', 'a.after', 'a.request_id', 'a.api_token_id', 't.name as api_token_name', 'a.auth_method', 'a.client')
      if (filter.zoneId !== undefined) query.where('a.zone_id', filter.zoneId)
      if (filter.username) query.where('a.username', filter.username)
      if (filter.from) query.where('a.at', '>=', filter.from)
      if (filter.to) query.whereRaw(`a.at < (?::date + 1)`, [filter.to])
      if (filter.before) query.where('a.id', '<', filter.before)
      query.orderBy('a.id', 'desc').limit(filter.limit)
      const { rows } = await knex.raw(`select coalesce(json_agg(a order by a.id desc)::text, '[]') as entries from (?) a`, [query])
      return rows[0].entries as string
    },
  }
}

export type AuditLogRepository = ReturnType<typeof auditLogRepository>

declare module 'fastify' {
  interface FastifyInstance {
    auditLog: AuditLogRepository
  }
}

export default repositoryPlugin('auditLog', auditLogRepository)
