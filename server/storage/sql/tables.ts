/**
 * The tables' names, as the repositories and SQL builders write them. Migrations spell their own
 * names out: they are frozen history, and a rename here would be a migration of its own.
 */
export const TABLES = {
  parties: 'parties',
  sources: 'sources',
  zones: 'zones',
  zoneSources: 'zone_sources',
  zoneParties: 'zone_parties',
  statusChanges: 'status_changes',
  statusChangeSources: 'status_change_sources',
  agreements: 'agreements',
  agreementParties: 'agreement_parties',
  agreementZones: 'agreement_zones',
  agreementSources: 'agreement_sources',
  zoneBoundaries: 'zone_boundaries',
  zoneBoundarySources: 'zone_boundary_sources',
  siegeAssessments: 'siege_assessments',
  /** The outbox: one row per recorded change, written by triggers in the write's transaction. */
  changeEvents: 'change_events',
  webhooks: 'webhooks',
  webhookDeliveries: 'webhook_deliveries',
  /** Events of ACLED, UCDP GED and the violations the parties reported; `footprint` is where each may have happened. */
  incidents: 'incidents',
  incidentImports: 'incident_imports',
  users: 'users',
  apiTokens: 'api_tokens',
  sessions: 'sessions',
  auditLog: 'audit_log',
  /** Each zone's properties as served, per period of days (as it stands, as it stood), and each boundary version's outlines as GeoJSON: kept by triggers (migration 020). */
  zoneFeatureProperties: 'zone_feature_properties',
  zoneFeaturePropertiesAsOf: 'zone_feature_properties_as_of',
  zoneBoundaryOutlines: 'zone_boundary_outlines',
  /** The zones whose kept features the transaction's commit refreshes (empty outside a writing transaction). */
  zoneFeaturesPending: 'zone_features_pending',
  /** One row: the counter every change to what a map shows increments. */
  dataVersion: 'data_version',
} as const
