import type { Knex } from 'knex'
import { TABLES } from '../sql/tables.ts'

/**
 * Backups: the whole dataset as one versioned JSON document, and back.
 *
 *   const document = await exportDataset(knex, { users: true })
 *   await importDataset(otherKnex, document, { replace: false })
 *
 * Nothing is rounded on the way. Geometry leaves as hex EWKB, PostGIS's own binary form with the
 * SRID: every coordinate keeps all 64 bits of its double (GeoJSON text, even with 15 decimals, can
 * round, and says nothing of the SRID). Dates and timestamps leave as PostgreSQL writes them (with
 * microseconds and the offset), JSON columns as their exact text; rows are read and written by
 * PostgreSQL itself (json_build_object, json_populate_recordset), never through JavaScript dates.
 * Columns are read from the catalogue, so a column added by a migration is carried without a change
 * here; derived (generated) columns are left out and computed again on import.
 */

export const BACKUP_FORMAT = 'truce-atlas-backup'
export const BACKUP_VERSION = 1

/** The tables of a backup, parents before children (the order of import). */
const SECTIONS = {
  dataset: [
    TABLES.parties, TABLES.sources, TABLES.agreements, TABLES.agreementParties, TABLES.agreementSources,
    TABLES.zones, TABLES.zoneSources, TABLES.zoneParties, TABLES.agreementZones, TABLES.zoneBoundaries, TABLES.zoneBoundarySources,
    TABLES.siegeAssessments, TABLES.statusChanges, TABLES.statusChangeSources,
    TABLES.incidentImports, TABLES.incidents,
  ],
  users: [TABLES.users, TABLES.apiTokens, TABLES.webhooks],
  audit: [TABLES.auditLog],
} as const

export const BACKUP_TABLES: readonly string[] = [...SECTIONS.dataset, ...SECTIONS.users, ...SECTIONS.audit]

/**
 * Tables deliberately left out: the bookkeeping of knex and PostGIS, and data_version, the counter
 * in the ETags of maps and lists, which an import must move on (its triggers do), never set back;
 * sessions, since a restore must not revive sign-ins (replacing the accounts ends theirs); and the
 * outbox of changes with its deliveries: a restore is not news, so the events its own inserts
 * record are dropped in its transaction, and nothing is delivered for it; and the zones' features
 * kept as text, which the triggers write again as the rows go in.
 */
export const NOT_BACKED_UP: readonly string[] = ['knex_migrations', 'knex_migrations_lock', 'spatial_ref_sys', 'data_version', TABLES.sessions, TABLES.changeEvents, TABLES.webhookDeliveries, TABLES.zoneFeatureProperties, TABLES.zoneFeaturePropertiesAsOf, TABLES.zoneBoundaryOutlines, TABLES.zoneFeaturesPending]

const INSERT_BATCH_ROWS = 2000

export type Row = Record<string, unknown>

export interface BackupDocument {
  format: typeof BACKUP_FORMAT
  version: typeof BACKUP_VERSION
  /** The last migration of the database it was taken from: it imports into the same schema only. */
  schema: string
  exported_at: string
  tables: Record<string, Row[]>
}

export interface ExportOptions {
  /** Include the accounts (users, with their password hashes, and API tokens). */
  users?: boolean
  /** Include the audit log (its rows name accounts: import it where those accounts exist). */
  audit?: boolean
}

export interface ImportOptions {
  /** Empty the tables first (and the audit log, which describes the data replaced); else a non-empty database is refused. */
  replace?: boolean
}

export interface ImportResult {
  counts: Record<string, number>
}

export interface BackupIssue {
  path: string
  message: string
}

/** A document or database that cannot be imported; `issues` lists every fault found. */
export class BackupError extends Error {
  override name = 'BackupError'
  constructor(
    message: string,
    readonly issues: BackupIssue[] = [],
  ) {
    super(message)
  }
}

interface Column {
  name: string
  type: string
}

interface TableInfo {
  columns: Column[]
  primaryKey: string[]
  serial: string[]
}

/** The stored columns (not generated), primary key and serial columns of the backed-up tables. */
async function describeTables(knex: Knex, tables: readonly string[]): Promise<Map<string, TableInfo>> {
  const { rows: columns } = await knex.raw(
    `select table_name, column_name, udt_name, column_default from information_schema.columns
      where table_schema = current_schema() and table_name in (${tables.map(() => '?').join(', ')}) and is_generated = 'NEVER'
      order by table_name, ordinal_position`,
    [...tables],
  )
  const { rows: keys } = await knex.raw(
    `select kcu.table_name, kcu.column_name from information_schema.table_constraints tc
       join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema()
      order by kcu.table_name, kcu.ordinal_position`,
  )
  const info = new Map<string, TableInfo>(tables.map((table) => [table, { columns: [], primaryKey: [], serial: [] }]))
  for (const row of columns as Array<{ table_name: string; column_name: string; udt_name: string; column_default: string | null }>) {
    const table = info.get(row.table_name)!
    table.columns.push({ name: row.column_name, type: row.udt_name })
    if (row.column_default?.startsWith('nextval(')) table.serial.push(row.column_name)
  }
  for (const row of keys as Array<{ table_name: string; column_name: string }>) info.get(row.table_name)?.primaryKey.push(row.column_name)
  for (const [table, { columns: found }] of info) {
    if (found.length === 0) throw new BackupError(`The database has no table ${table}: is its schema up to date?`)
  }
  return info
}

/** The latest migration applied, which names the schema. */
async function schemaVersion(knex: Knex): Promise<string> {
  const { rows } = await knex.raw('select name from knex_migrations order by id desc limit 1').catch(() => ({ rows: [] }))
  if (!rows[0]) throw new BackupError('The database has no schema yet: start the service once, or run the import CLI, which creates it.')
  return rows[0].name as string
}

// Column names come from the catalogue, never from a document (whose keys must equal them); quoted all the same.
const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

const isJson = (column: Column) => column.type === 'json' || column.type === 'jsonb'
const isGeometry = (column: Column) => column.type === 'geometry'
// Numbers JavaScript cannot hold exactly travel as text.
const isExactText = (column: Column) => column.type === 'numeric'

/** The SQL that writes one column of row `t` into the document. */
function exportExpression(column: Column): string {
  const name = `t.${identifier(column.name)}`
  if (isGeometry(column)) return `encode(ST_AsEWKB(${name}), 'hex')`
  if (isJson(column) || isExactText(column)) return `${name}::text`
  return name
}

/** The SQL that reads one column back from the record `r` of json_populate_recordset. */
function importExpression(column: Column): string {
  const name = `r.${identifier(column.name)}`
  // json_populate_recordset hands a JSON string to a json(b) column as a JSON string: take its text and parse it.
  if (isJson(column)) return `(${name}::jsonb #>> '{}')::${column.type}`
  // Geometry and numeric arrive as text, which their input functions read exactly (hex EWKB includes the SRID).
  return name
}

async function exportTable(trx: Knex.Transaction, table: string, info: TableInfo): Promise<Row[]> {
  const pairs = info.columns.map((column) => `${literal(column.name)}, ${exportExpression(column)}`).join(', ')
  const order = (info.primaryKey.length > 0 ? info.primaryKey : info.columns.map((column) => column.name)).map((name) => `t.${identifier(name)}`).join(', ')
  const { rows } = await trx.raw(`select coalesce(json_agg(json_build_object(${pairs}) order by ${order}), '[]')::text as rows from ?? t`, [table])
  return JSON.parse(rows[0].rows as string) as Row[]
}

/**
 * The dataset as a document, read in one repeatable-read transaction so that it is consistent
 * while the service keeps writing.
 */
export async function exportDataset(knex: Knex, options: ExportOptions = {}): Promise<BackupDocument> {
  const tables = [...SECTIONS.dataset, ...(options.users ? SECTIONS.users : []), ...(options.audit ? SECTIONS.audit : [])]
  return knex.transaction(
    async (trx) => {
      // Timestamps in UTC, whatever the server's time zone: the same data gives the same document.
      // A backup of a large dataset may take longer than a request may (STATEMENT_TIMEOUT_MS).
      await trx.raw(`set local timezone to 'UTC'`)
      await trx.raw('set local statement_timeout = 0')
      const schema = await schemaVersion(trx)
      const info = await describeTables(trx, tables)
      const document: BackupDocument = { format: BACKUP_FORMAT, version: BACKUP_VERSION, schema, exported_at: new Date().toISOString(), tables: {} }
      for (const table of tables) document.tables[table] = await exportTable(trx, table, info.get(table)!)
      return document
    },
    { isolationLevel: 'repeatable read' },
  )
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Checks a parsed document's shape (not yet its columns, which depend on the database); throws with every issue. */
export function checkBackupShape(document: unknown): asserts document is BackupDocument {
  const issues: BackupIssue[] = []
  if (!isPlainObject(document)) throw new BackupError('The backup is not a JSON object.', [{ path: '', message: 'is not an object' }])
  if (document['format'] !== BACKUP_FORMAT) issues.push({ path: 'format', message: `is not "${BACKUP_FORMAT}"` })
  if (document['version'] !== BACKUP_VERSION) issues.push({ path: 'version', message: `is ${JSON.stringify(document['version'])}; this version of Truce Atlas reads version ${BACKUP_VERSION}` })
  if (typeof document['schema'] !== 'string') issues.push({ path: 'schema', message: 'is not a string' })
  const tables = document['tables']
  if (!isPlainObject(tables)) {
    issues.push({ path: 'tables', message: 'is not an object' })
  } else {
    for (const name of Object.keys(tables)) if (!BACKUP_TABLES.includes(name)) issues.push({ path: `tables.${name}`, message: 'is not a table of a backup' })
    for (const name of BACKUP_TABLES) {
      const rows = tables[name]
      // Which dataset tables must be there depends on the schema of the database it goes into (importDataset).
      if (rows === undefined) continue
      if (!Array.isArray(rows)) issues.push({ path: `tables.${name}`, message: 'is not an array' })
      else rows.forEach((row, index) => isPlainObject(row) || issues.push({ path: `tables.${name}[${index}]`, message: 'is not an object' }))
    }
    if ((tables[TABLES.users] === undefined) !== (tables[TABLES.apiTokens] === undefined)) {
      issues.push({ path: 'tables', message: 'has one of users and api_tokens without the other' })
    }
  }
  if (issues.length > 0) throw invalid(issues)
}

function invalid(issues: BackupIssue[]): BackupError {
  const shown = issues.slice(0, 5).map((issue) => `${issue.path || 'document'} ${issue.message}`)
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : ''
  return new BackupError(`The backup is not valid: ${shown.join('; ')}${more}.`, issues)
}

/** Every row has exactly the table's stored columns. */
function checkColumns(document: BackupDocument, info: Map<string, TableInfo>): void {
  const issues: BackupIssue[] = []
  for (const [table, rows] of Object.entries(document.tables)) {
    const expected = new Set(info.get(table)!.columns.map((column) => column.name))
    rows.forEach((row, index) => {
      const keys = Object.keys(row)
      const unknown = keys.filter((key) => !expected.has(key))
      const missing = [...expected].filter((name) => !(name in row))
      if (unknown.length > 0) issues.push({ path: `tables.${table}[${index}]`, message: `has unknown columns ${unknown.join(', ')}` })
      if (missing.length > 0) issues.push({ path: `tables.${table}[${index}]`, message: `lacks columns ${missing.join(', ')}` })
    })
  }
  if (issues.length > 0) throw invalid(issues)
}

/** Those of `tables` that this database has. */
async function existingTables(trx: Knex.Transaction, tables: readonly string[]): Promise<string[]> {
  const { rows } = await trx.raw('select name from unnest(?::text[]) name where to_regclass(name) is not null', [[...tables]])
  return (rows as Array<{ name: string }>).map((row) => row.name)
}

/** The id of the outbox's last change event; null in a schema older than the outbox. */
async function lastChangeEvent(trx: Knex.Transaction): Promise<string | null> {
  const { rows } = await trx.raw('select to_regclass(?) is not null as present', [TABLES.changeEvents])
  if (!rows[0].present) return null
  const { rows: [last] } = await trx.raw('select coalesce(max(id), 0)::text as id from ??', [TABLES.changeEvents])
  return last.id as string
}

async function rowCount(trx: Knex.Transaction, table: string): Promise<number> {
  const { rows } = await trx.raw('select count(*)::int as count from ??', [table])
  return rows[0].count as number
}

/**
 * Loads a document in ONE transaction: all of it, or nothing. A database that already holds data
 * is refused unless `replace`, which first empties the tables the document carries (and the audit
 * log, whose rows describe the data replaced). Accounts absent from the document are left alone.
 * Id sequences continue after the imported ids.
 */
export async function importDataset(knex: Knex, document: unknown, options: ImportOptions = {}): Promise<ImportResult> {
  checkBackupShape(document)
  const tables = BACKUP_TABLES.filter((table) => document.tables[table] !== undefined)
  return knex.transaction(async (trx) => {
    await trx.raw('set local statement_timeout = 0')
    const schema = await schemaVersion(trx)
    if (document.schema !== schema) {
      throw new BackupError(`The backup is of schema ${document.schema}, but this database is at ${schema}: import it with the version of Truce Atlas that made it, then upgrade.`)
    }
    // A backup carries every dataset table of its schema; one of an older schema, none that schema lacked.
    const missing = (await existingTables(trx, SECTIONS.dataset)).filter((table) => document.tables[table] === undefined)
    if (missing.length > 0) throw invalid(missing.map((table) => ({ path: `tables.${table}`, message: 'is missing' })))
    const info = await describeTables(trx, tables)
    checkColumns(document, info)
    const cleared = [...tables, ...(tables.includes(TABLES.auditLog) ? [] : [TABLES.auditLog])]
    if (options.replace) {
      for (const table of [...cleared].sort((a, b) => BACKUP_TABLES.indexOf(b) - BACKUP_TABLES.indexOf(a))) await trx.raw('delete from ??', [table])
    } else {
      const occupied: string[] = []
      for (const table of tables) if ((await rowCount(trx, table)) > 0) occupied.push(table)
      if (occupied.length > 0) throw new BackupError(`The database is not empty (${occupied.join(', ')} hold rows): import into an empty database, or pass --replace to replace its data.`)
    }
    const outbox = await lastChangeEvent(trx)
    const counts: Record<string, number> = {}
    for (const table of tables) {
      const rows = document.tables[table]!
      const { columns } = info.get(table)!
      const names = columns.map((column) => identifier(column.name)).join(', ')
      const values = columns.map(importExpression).join(', ')
      if (table === TABLES.auditLog) await checkAuditAccounts(trx, rows)
      for (let start = 0; start < rows.length; start += INSERT_BATCH_ROWS) {
        await trx.raw(`insert into ?? (${names}) select ${values} from json_populate_recordset(null::??, ?::json) r`, [
          table,
          table,
          JSON.stringify(rows.slice(start, start + INSERT_BATCH_ROWS)),
        ])
      }
      for (const column of info.get(table)!.serial) {
        await trx.raw(`select setval(pg_get_serial_sequence(?, ?), coalesce(max(??), 1), max(??) is not null) from ??`, [table, column, column, column, table])
      }
      counts[table] = rows.length
    }
    if (outbox !== null) await trx.raw('delete from ?? where id > ?', [TABLES.changeEvents, outbox])
    return { counts }
  })
}

/** Audit rows name accounts and API tokens by id: those must be here (imported with --users, or already present). */
async function checkAuditAccounts(trx: Knex.Transaction, rows: readonly Row[]): Promise<void> {
  for (const [column, table, what] of [['user_id', TABLES.users, 'accounts'], ['api_token_id', TABLES.apiTokens, 'API tokens']] as const) {
    const ids = [...new Set(rows.map((row) => row[column]).filter((id): id is number => typeof id === 'number'))]
    if (ids.length === 0) continue
    const { rows: found } = await trx.raw('select id from ?? where id = any(?::int[])', [table, ids])
    const missing = ids.length - found.length
    if (missing > 0) {
      throw new BackupError(`The audit log names ${missing} ${what} this database does not have: make the backup with --users as well, or import it where those accounts exist.`)
    }
  }
}
