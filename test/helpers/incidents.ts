import type { Knex } from 'knex'
import type { Geometry } from 'geojson'

/** The columns of an incident a test gives; the rest take defaults that make a valid ACLED-like event. */
export interface TestIncident {
  event_id: string
  geometry: Geometry
  occurred_on: string
  occurred_until?: string
  dataset?: 'acled' | 'ucdp-ged' | 'atlas'
  location_precision?: 'exact' | 'approximate' | 'region'
  event_type?: string
  sub_event_type?: string | null
  actor1?: string | null
  actor2?: string | null
  fatalities_best?: number | null
  fatalities_low?: number | null
  fatalities_high?: number | null
  event_count?: number | null
  notes?: string | null
}

/**
 * Stores incidents straight in the database (not through an importer), for tests of what reads
 * them. Their ids, in order.
 *
 *   await insertIncidents(app.db.knex, [{ event_id: 'SYR1', geometry: { type: 'Point', coordinates: [36.6, 35.9] }, occurred_on: '2017-07-10' }])
 */
export async function insertIncidents(knex: Knex, incidents: readonly TestIncident[]): Promise<number[]> {
  if (incidents.length === 0) return []
  const rows = incidents.map(({ geometry, ...incident }) => {
    const dataset = incident.dataset ?? 'acled'
    return {
      dataset,
      event_id: incident.event_id,
      slug: `${dataset}-${incident.event_id}`.toLowerCase(),
      geom: knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(geometry)]),
      location_precision: incident.location_precision ?? 'exact',
      occurred_on: incident.occurred_on,
      occurred_until: incident.occurred_until ?? incident.occurred_on,
      event_type: incident.event_type ?? 'Explosions/Remote violence',
      sub_event_type: incident.sub_event_type ?? 'Shelling/artillery/missile attack',
      actor1: incident.actor1 ?? 'Military Forces of Syria (2000-2024)',
      actor2: incident.actor2 ?? null,
      fatalities_best: incident.fatalities_best ?? 0,
      fatalities_low: incident.fatalities_low ?? null,
      fatalities_high: incident.fatalities_high ?? null,
      event_count: incident.event_count === undefined ? 1 : incident.event_count,
      notes: incident.notes ?? 'Test fixture: not a real event.',
    }
  })
  const inserted = await knex('incidents').insert(rows).returning('id')
  return inserted.map((row: { id: number }) => row.id)
}
