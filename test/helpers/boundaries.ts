import type { Knex } from 'knex'

/** Makes each zone's outline its first boundary version where the data has none yet (as migration 014 does for older data). */
export async function ensureFirstBoundaries(knex: Knex): Promise<void> {
  await knex.raw(`insert into zone_boundaries (zone_id, geom, effective_on, reason, recorded_by)
    select z.id, z.geom, coalesce(z.proposed_on, z.status_since), 'the outline recorded with the zone', 'tests' from zones z
     where z.geom is not null and not exists (select 1 from zone_boundaries zb where zb.zone_id = z.id)`)
}
