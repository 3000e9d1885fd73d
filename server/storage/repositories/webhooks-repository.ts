import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'
import { InvalidEditError, NotFoundError, StaleVersionError } from '../../domain/errors.ts'
import type { DeliveryState } from '../../domain/webhooks.ts'
import { isStale, type ExpectedVersion } from '../../domain/expected-version.ts'
import { auditLogRepository, type Actor } from './audit-log-repository.ts'

export interface WebhookInput {
  url: string
  event_types: string[] | null
  zone_ids: number[] | null
  description: string | null
}

export interface Webhook extends WebhookInput {
  id: number
  active: boolean
  created_by: string
  version: number
  created_at: Date
  updated_at: Date
}

export interface WebhookWithCounts extends Webhook {
  deliveries: { pending: number; delivered: number; failed: number }
}

export interface DeliveryLogEntry {
  id: number
  event_id: string
  event_type: string
  subject: string
  event_recorded_at: Date
  state: DeliveryState
  attempts: number
  last_status_code: number | null
  last_error: string | null
  next_attempt_at: Date
  last_attempt_at: Date | null
  delivered_at: Date | null
}

/** Why a write to a webhook did not happen. */

/** Every column but the secret, which leaves the server once, in the answer to its creation. */
const COLUMNS = ['id', 'url', 'event_types', 'zone_ids', 'description', 'active', 'created_by', 'version', 'created_at', 'updated_at'] as const

const COUNTS_SQL = `select d.webhook_id,
    count(*) filter (where d.state = 'pending')::int as pending,
    count(*) filter (where d.state = 'delivered')::int as delivered,
    count(*) filter (where d.state = 'failed')::int as failed
  from ${TABLES.webhookDeliveries} d`

/** Arrays as PostgreSQL array parameters (bound, on both database drivers). */
function arrayValues(trx: Knex, input: Partial<WebhookInput>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...input }
  if (input.event_types !== undefined) values['event_types'] = input.event_types === null ? null : trx.raw('?::text[]', [input.event_types])
  if (input.zone_ids !== undefined) values['zone_ids'] = input.zone_ids === null ? null : trx.raw('?::integer[]', [input.zone_ids])
  return values
}

/** The zone ids of a filter that name no zone (archived zones count: they may be restored). */
async function requireZones(trx: Knex.Transaction, zoneIds: number[] | null | undefined): Promise<void> {
  if (!zoneIds || zoneIds.length === 0) return
  const { rows } = await trx.raw(`select coalesce(array_agg(id), '{}') as ids from ${TABLES.zones} where id = any (?::integer[])`, [zoneIds])
  const known = new Set<number>((rows[0].ids as number[]).map(Number))
  const unknown = zoneIds.flatMap((id, index) => (known.has(id) ? [] : [{ where: `body.zone_ids[${index}]`, message: `no zone has the id ${id}` }]))
  if (unknown.length > 0) throw new InvalidEditError(unknown.map((problem) => `${problem.where}: ${problem.message}`).join('; '), unknown)
}

const withoutTimestamps = ({ created_at: _c, updated_at: _u, ...rest }: Webhook) => rest

/** Webhooks as admins manage them, each write audited in its transaction (never with the secret). */
export function webhooksRepository(knex: Knex) {
  const audit = auditLogRepository(knex)
  return {
    async list(): Promise<WebhookWithCounts[]> {
      const { rows } = await knex.raw(
        `select ${COLUMNS.map((column) => `w.${column}`).join(', ')},
                json_build_object('pending', coalesce(c.pending, 0), 'delivered', coalesce(c.delivered, 0), 'failed', coalesce(c.failed, 0)) as deliveries
           from ${TABLES.webhooks} w left join (${COUNTS_SQL} group by d.webhook_id) c on c.webhook_id = w.id
          order by w.id`,
      )
      return rows as WebhookWithCounts[]
    },

    async get(id: number): Promise<WebhookWithCounts | undefined> {
      const { rows } = await knex.raw(
        `select ${COLUMNS.map((column) => `w.${column}`).join(', ')},
                json_build_object('pending', coalesce(c.pending, 0), 'delivered', coalesce(c.delivered, 0), 'failed', coalesce(c.failed, 0)) as deliveries
           from ${TABLES.webhooks} w left join (${COUNTS_SQL} where d.webhook_id = ? group by d.webhook_id) c on c.webhook_id = w.id
          where w.id = ?`,
        [id, id],
      )
      return rows[0] as WebhookWithCounts | undefined
    },

    /** Registers a receiver; the answer holds its secret (stored as given, the HMAC key). */
    async create(input: WebhookInput, secret: string, actor: Actor): Promise<Webhook & { secret: string }> {
      return knex.transaction(async (trx) => {
        await requireZones(trx, input.zone_ids)
        const [created] = await trx(TABLES.webhooks)
          .insert({ ...arrayValues(trx, input), secret, created_by: actor.username })
          .returning([...COLUMNS, 'secret'])
        const { secret: _secret, ...shown } = created as Webhook & { secret: string }
        await audit.recordEntity(trx, actor, { action: 'webhook.create', entity: 'webhook', entityId: String(shown.id), before: null, after: withoutTimestamps(shown) })
        return created
      })
    },

    /** Changes a webhook at the version the admin read; its version moves on. */
    async update(id: number, expectedVersion: ExpectedVersion, changes: Partial<WebhookInput & { active: boolean }>, actor: Actor): Promise<Webhook> {
      return knex.transaction(async (trx) => {
        const before = (await trx(TABLES.webhooks).where({ id }).forUpdate().first(COLUMNS)) as Webhook | undefined
        if (!before) throw new NotFoundError(`Webhook ${id} does not exist.`)
        if (isStale(expectedVersion, before.version)) throw new StaleVersionError(id, before.version, 'webhook')
        await requireZones(trx, changes.zone_ids)
        const [after] = await trx(TABLES.webhooks)
          .where({ id })
          .update({ ...arrayValues(trx, changes), version: trx.raw('version + 1'), updated_at: trx.fn.now() })
          .returning(COLUMNS)
        await audit.recordEntity(trx, actor, { action: 'webhook.update', entity: 'webhook', entityId: String(id), before: withoutTimestamps(before), after: withoutTimestamps(after as Webhook) })
        return after as Webhook
      })
    },

    /** Deletes a webhook and its delivery log; pending deliveries are never sent. */
    async remove(id: number, expectedVersion: ExpectedVersion, actor: Actor): Promise<Webhook> {
      return knex.transaction(async (trx) => {
        const before = (await trx(TABLES.webhooks).where({ id }).forUpdate().first(COLUMNS)) as Webhook | undefined
        if (!before) throw new NotFoundError(`Webhook ${id} does not exist.`)
        if (isStale(expectedVersion, before.version)) throw new StaleVersionError(id, before.version, 'webhook')
        await trx(TABLES.webhooks).where({ id }).delete()
        await audit.recordEntity(trx, actor, { action: 'webhook.delete', entity: 'webhook', entityId: String(id), before: withoutTimestamps(before), after: null })
        return before
      })
    },

    /** The delivery log of a webhook, newest first; `before` pages on to older ones. */
    async deliveries(webhookId: number, filter: { state?: DeliveryState | undefined; before?: number | undefined; limit: number }): Promise<DeliveryLogEntry[]> {
      const query = knex(`${TABLES.webhookDeliveries} as d`)
        .join(`${TABLES.changeEvents} as e`, 'e.id', 'd.event_id')
        .where('d.webhook_id', webhookId)
        .select(
          'd.id',
          knex.raw('d.event_id::text as event_id'),
          'e.type as event_type',
          'e.subject',
          'e.recorded_at as event_recorded_at',
          'd.state',
          'd.attempts',
          'd.last_status_code',
          'd.last_error',
          'd.next_attempt_at',
          'd.last_attempt_at',
          'd.delivered_at',
        )
        .orderBy('d.id', 'desc')
        .limit(filter.limit)
      if (filter.state) query.where('d.state', filter.state)
      if (filter.before !== undefined) query.where('d.id', '<', filter.before)
      return (await query) as DeliveryLogEntry[]
    },
  }
}

export type WebhooksRepository = ReturnType<typeof webhooksRepository>

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhooksRepository
  }
}

export default repositoryPlugin('webhooks', webhooksRepository)
