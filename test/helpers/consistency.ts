import type { Knex } from 'knex'
import { effectiveHistory, type RecordedEntry } from '../../server/domain/history.ts'

/**
 * What must hold in a database however a write ended (committed, refused, or cut off by a kill or a
 * database restart): each zone's status is the last entry of its history, every history entry made
 * through the API has the audit row written with it, and versions count the writes. Returns the
 * problems found, one line each; none means consistent.
 */
export async function findInconsistencies(knex: Knex): Promise<string[]> {
  const problems: string[] = []
  const zones: Array<{ id: number; slug: string; status: string; status_since: string; version: number }> = await knex('zones').select('id', 'slug', 'status', 'status_since', 'version').orderBy('id')
  const entries: Array<RecordedEntry & { zone_id: number; recorded_by: string }> = await knex('status_changes')
    .select('id', 'zone_id', 'from_status', 'to_status', 'effective_on', 'reverses_change_id', 'recorded_by')
    .orderBy([{ column: 'zone_id' }, { column: 'effective_on' }, { column: 'id' }])
  const audit: Array<{ zone_id: number; action: string; version: number | null; status: string | null }> = (
    await knex.raw(`select zone_id, action, ("after"->>'version')::int as version, "after"->>'status' as status from audit_log where entity = 'zone' order by id`)
  ).rows

  for (const zone of zones) {
    const history = effectiveHistory(entries.filter((entry) => entry.zone_id === zone.id))
    const last = history.at(-1)
    if (!last) problems.push(`zone ${zone.slug} has no history`)
    else if (last.to_status !== zone.status || last.effective_on !== zone.status_since) {
      problems.push(`zone ${zone.slug} is ${zone.status} since ${zone.status_since}, but its history ends with ${last.to_status} on ${last.effective_on}`)
    }
    const rows = audit.filter((row) => row.zone_id === zone.id)
    const recorded = entries.filter((entry) => entry.zone_id === zone.id && !entry.recorded_by.startsWith('seed:')).length
    const historyRows = rows.filter((row) => ['zone.create', 'zone.status', 'zone.status.undo'].includes(row.action)).length
    if (recorded !== historyRows) problems.push(`zone ${zone.slug} has ${recorded} history entries made through the API but ${historyRows} audit rows for them`)
    const edits = rows.filter((row) => row.action !== 'zone.create').length
    if (zone.version !== 1 + edits) problems.push(`zone ${zone.slug} is at version ${zone.version} after ${edits} audited edits`)
    const latest = rows.at(-1)
    if (latest && (latest.version !== zone.version || latest.status !== zone.status)) {
      problems.push(`zone ${zone.slug} is version ${zone.version} (${zone.status}), but its last audit row says version ${latest.version} (${latest.status})`)
    }
  }
  return problems
}
