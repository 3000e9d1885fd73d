import type { Knex } from 'knex'
import * as createParties from './001_create_parties.ts'
import * as createSources from './002_create_sources.ts'
import * as createZones from './003_create_zones.ts'
import * as createZoneParties from './004_create_zone_parties.ts'
import * as createStatusChanges from './005_create_status_changes.ts'
import * as createUsers from './006_create_users.ts'
import * as createAuditLog from './007_create_audit_log.ts'
import * as addStatusChangeReversals from './008_add_status_change_reversals.ts'
import * as addGeneralizedGeometry from './009_add_generalized_geometry.ts'
import * as addCurationNotes from './010_add_curation_notes.ts'
import * as createSessions from './011_create_sessions.ts'
import * as createAgreements from './012_create_agreements.ts'
import * as gradeZoneDetails from './013_grade_zone_details.ts'
import * as createZoneBoundaries from './014_create_zone_boundaries.ts'
import * as createChangeOutbox from './015_create_change_outbox.ts'
import * as createIncidents from './016_create_incidents.ts'
import * as addArabicNames from './017_add_arabic_names.ts'
import * as gradeSources from './018_grade_sources.ts'
import * as addAuditClients from './019_add_audit_clients.ts'
import * as createStoredFeatures from './020_create_stored_features.ts'

/**
 * The migrations in order. Listed here rather than read from the folder so that they
 * run the same under tsx, vitest and a bundler. Add a new migration at the end.
 */
const MIGRATIONS: ReadonlyArray<[name: string, migration: Knex.Migration]> = [
  ['001_create_parties', createParties],
  ['002_create_sources', createSources],
  ['003_create_zones', createZones],
  ['004_create_zone_parties', createZoneParties],
  ['005_create_status_changes', createStatusChanges],
  ['006_create_users', createUsers],
  ['007_create_audit_log', createAuditLog],
  ['008_add_status_change_reversals', addStatusChangeReversals],
  ['009_add_generalized_geometry', addGeneralizedGeometry],
  ['010_add_curation_notes', addCurationNotes],
  ['011_create_sessions', createSessions],
  ['012_create_agreements', createAgreements],
  ['013_grade_zone_details', gradeZoneDetails],
  ['014_create_zone_boundaries', createZoneBoundaries],
  ['015_create_change_outbox', createChangeOutbox],
  ['016_create_incidents', createIncidents],
  ['017_add_arabic_names', addArabicNames],
  ['018_grade_sources', gradeSources],
  ['019_add_audit_clients', addAuditClients],
  ['020_create_stored_features', createStoredFeatures],
]

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([candidate]) => candidate === name)
    if (!found) throw new Error(`Unknown migration ${name}`)
    return found[1]
  },
}
