import type { Knex } from 'knex'
import { checkIn, timestamps } from './column-helpers.ts'

/**
 * The outbox of changes to the record, and the webhooks that deliver them.
 *
 * - change_events: one row for each recorded change (a zone created, edited or archived, a status
 *   change, a boundary version, an agreement), written by triggers in the transaction of the write,
 *   so no change is lost when the process dies after the write or before a delivery.
 * - webhooks: the receivers an admin registered, with the secret their deliveries are signed with
 *   and which changes they want.
 * - webhook_deliveries: one row per webhook and event, added in the event's transaction; a worker
 *   claims due rows for a while (claimed_until), posts them, and records each attempt. A claim that a
 *   dead process left expires, and the delivery is tried again under the same event id.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('change_events', (table) => {
    table.bigIncrements('id')
    table.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.text('type').notNullable()
    table.text('subject').notNullable()
    table.integer('zone_id').references('id').inTable('zones').onDelete('SET NULL')
    table.integer('agreement_id').references('id').inTable('agreements').onDelete('SET NULL')
    table.jsonb('data').notNullable()
    table.index(['recorded_at'])
    table.index(['zone_id', 'id'])
  })

  await knex.schema.createTable('webhooks', (table) => {
    table.increments('id')
    table.text('url').notNullable()
    table.text('secret').notNullable().comment('the HMAC key deliveries are signed with (whsec_ and base64, as Standard Webhooks write it)')
    table.specificType('event_types', 'text[]').comment('the change types wanted; null for all')
    table.specificType('zone_ids', 'integer[]').comment('the zones wanted; null for all')
    table.text('description')
    table.boolean('active').notNullable().defaultTo(true)
    table.text('created_by').notNullable()
    table.integer('version').notNullable().defaultTo(1)
    timestamps(knex, table)
    table.check("url like 'http://%' or url like 'https://%'", [], 'webhooks_url_check')
  })

  await knex.schema.createTable('webhook_deliveries', (table) => {
    table.bigIncrements('id')
    table.integer('webhook_id').notNullable().references('id').inTable('webhooks').onDelete('CASCADE')
    table.bigInteger('event_id').notNullable().references('id').inTable('change_events').onDelete('CASCADE')
    table.text('state').notNullable().defaultTo('pending')
    table.integer('attempts').notNullable().defaultTo(0)
    table.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('claimed_until', { useTz: true })
    table.timestamp('last_attempt_at', { useTz: true })
    table.integer('last_status_code')
    table.text('last_error')
    table.timestamp('delivered_at', { useTz: true })
    table.unique(['webhook_id', 'event_id'])
    table.check(checkIn('state', ['pending', 'delivered', 'failed']), [], 'webhook_deliveries_state_check')
  })
  await knex.raw(`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending'`)

  // Each event is queued for every active webhook that wants it, in the event's transaction.
  await createRowTrigger(knex, { name: 'change_events_queue_deliveries', after: 'insert', table: 'change_events', fn: 'queue_webhook_deliveries', body: `
    begin
      insert into webhook_deliveries (webhook_id, event_id)
      select w.id, new.id from webhooks w
       where w.active
         and (w.event_types is null or new.type = any (w.event_types))
         and (w.zone_ids is null or new.zone_id = any (w.zone_ids));
      perform pg_notify('truce_atlas_webhooks', new.id::text);
      return null;
    end ` })

  // The changes themselves, recorded by the tables that hold them.
  await createRowTrigger(knex, { name: 'zones_record_event', after: 'insert or update', table: 'zones', fn: 'record_zone_event', body: `
    begin
      if tg_op = 'INSERT' then
        insert into change_events (type, subject, zone_id, data)
        values ('zone.created', 'zones/' || new.id, new.id, jsonb_build_object('id', new.id, 'slug', new.slug, 'name', new.name, 'kind', new.kind, 'status', new.status, 'version', new.version));
      elsif new.archived and not old.archived then
        insert into change_events (type, subject, zone_id, data)
        values ('zone.archived', 'zones/' || new.id, new.id, jsonb_build_object('id', new.id, 'slug', new.slug, 'name', new.name, 'version', new.version));
      elsif old.archived and not new.archived then
        insert into change_events (type, subject, zone_id, data)
        values ('zone.restored', 'zones/' || new.id, new.id, jsonb_build_object('id', new.id, 'slug', new.slug, 'name', new.name, 'version', new.version));
      elsif new.version <> old.version and (new.name, new.kind, new.description, new.proposed_on, new.in_force_from, new.ended_on)
              is distinct from (old.name, old.kind, old.description, old.proposed_on, old.in_force_from, old.ended_on) then
        insert into change_events (type, subject, zone_id, data)
        values ('zone.updated', 'zones/' || new.id, new.id, jsonb_build_object('id', new.id, 'slug', new.slug, 'name', new.name, 'version', new.version));
      end if;
      return null;
    end ` })

  await createRowTrigger(knex, { name: 'status_changes_record_event', after: 'insert', table: 'status_changes', fn: 'record_status_change_event', body: `
    begin
      insert into change_events (type, subject, zone_id, agreement_id, data)
      select case when new.reverses_change_id is null then 'zone.status-changed' else 'zone.status-change-undone' end,
             'zones/' || new.zone_id, new.zone_id, new.agreement_id,
             jsonb_build_object('zone_id', new.zone_id, 'slug', z.slug, 'name', z.name, 'status_change_id', new.id,
               'from_status', new.from_status, 'to_status', new.to_status, 'effective_on', new.effective_on,
               'effective_precision', new.effective_precision, 'reason', new.reason, 'agreement_id', new.agreement_id,
               'reverses_change_id', new.reverses_change_id)
        from zones z where z.id = new.zone_id;
      return null;
    end ` })

  await createRowTrigger(knex, { name: 'zone_boundaries_record_event', after: 'insert', table: 'zone_boundaries', fn: 'record_boundary_event', body: `
    begin
      if tg_op = 'INSERT' then
        insert into change_events (type, subject, zone_id, data)
        select 'zone.boundary-changed', 'zones/' || new.zone_id, new.zone_id,
               jsonb_build_object('zone_id', new.zone_id, 'slug', z.slug, 'name', z.name, 'boundary_id', new.id,
                 'effective_on', new.effective_on, 'effective_precision', new.effective_precision, 'reason', new.reason,
                 'area_km2', round(new.area_km2::numeric, 1))
          from zones z where z.id = new.zone_id;
      end if;
      return null;
    end ` })

  await createRowTrigger(knex, { name: 'agreements_record_event', after: 'insert or update', table: 'agreements', fn: 'record_agreement_event', body: `
    begin
      if tg_op = 'INSERT' or new.version <> old.version then
        insert into change_events (type, subject, agreement_id, data)
        values (case when tg_op = 'INSERT' then 'agreement.created'
                     when new.archived and not old.archived then 'agreement.archived'
                     else 'agreement.updated' end,
                'agreements/' || new.id, new.id,
                jsonb_build_object('id', new.id, 'slug', new.slug, 'title', new.title, 'signed_on', new.signed_on, 'version', new.version));
      end if;
      return null;
    end ` })
}

/** A row trigger and the plpgsql function it runs after `after` on `table`; `body` is the function's begin … end block. */
interface RowTrigger {
  name: string
  after: 'insert' | 'insert or update'
  table: string
  fn: string
  body: string
}

async function createRowTrigger(knex: Knex, trigger: RowTrigger): Promise<void> {
  await knex.raw(`create function ${trigger.fn}() returns trigger language plpgsql as $$${trigger.body}$$`)
  await knex.raw(`create trigger ${trigger.name} after ${trigger.after} on ${trigger.table}
    for each row execute function ${trigger.fn}()`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger agreements_record_event on agreements')
  await knex.raw('drop function record_agreement_event()')
  await knex.raw('drop trigger zone_boundaries_record_event on zone_boundaries')
  await knex.raw('drop function record_boundary_event()')
  await knex.raw('drop trigger status_changes_record_event on status_changes')
  await knex.raw('drop function record_status_change_event()')
  await knex.raw('drop trigger zones_record_event on zones')
  await knex.raw('drop function record_zone_event()')
  await knex.raw('drop trigger change_events_queue_deliveries on change_events')
  await knex.raw('drop function queue_webhook_deliveries()')
  await knex.schema.dropTable('webhook_deliveries')
  await knex.schema.dropTable('webhooks')
  await knex.schema.dropTable('change_events')
}
