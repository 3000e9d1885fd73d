import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'
import type { ImportedDataset, IncidentRow, RowProblem } from '../../domain/incident-rows.ts'

/** The advisory lock of incident imports (an arbitrary key of this service's); the second key is the dataset's. */
const INCIDENT_IMPORT_LOCK = 7_130_016
const DATASET_LOCK_KEYS: Readonly<Record<ImportedDataset, number>> = { acled: 1, 'ucdp-ged': 2 }
/** The staging table: a temporary table of the import's transaction, dropped when it ends. */
const STAGING = 'incident_import_staging'
/** How many ids of each kind of change a report shows. */
export const SAMPLE_SIZE = 10
/**
 * An import's statements may run longer than a request's (STATEMENT_TIMEOUT_MS): merging 100,000
 * rows, or waiting for the dataset's lock while another import runs. Still bounded.
 */
const IMPORT_STATEMENT_TIMEOUT = '300s'

/** The columns an import writes, besides dataset, geom and import_id; the same in staging and incidents. */
const COLUMNS = [
  'event_id', 'slug', 'location_precision', 'location_precision_code', 'place', 'admin1', 'country',
  'occurred_on', 'occurred_until', 'date_precision', 'date_precision_code', 'event_type', 'sub_event_type',
  'actor1', 'actor2', 'fatalities_low', 'fatalities_best', 'fatalities_high', 'source_name', 'source_scale',
  'notes', 'source_updated_at',
] as const satisfies ReadonlyArray<keyof IncidentRow>
/** The staging table's column types (and json_to_recordset's), by column. */
const TYPES: Readonly<Record<(typeof COLUMNS)[number], string>> = {
  event_id: 'text', slug: 'text', location_precision: 'text', location_precision_code: 'smallint', place: 'text',
  admin1: 'text', country: 'text', occurred_on: 'date', occurred_until: 'date', date_precision: 'text',
  date_precision_code: 'smallint', event_type: 'text', sub_event_type: 'text', actor1: 'text', actor2: 'text',
  fatalities_low: 'integer', fatalities_best: 'integer', fatalities_high: 'integer', source_name: 'text',
  source_scale: 'text', notes: 'text', source_updated_at: 'timestamptz',
}
const CHANGED_COLUMNS = COLUMNS.filter((column) => column !== 'event_id')

/** True when stored incident `i` differs from staged row `s` in anything an import writes. */
const DIFFERS_SQL = `((${CHANGED_COLUMNS.map((column) => `i.${column}`).join(', ')}) is distinct from (${CHANGED_COLUMNS.map((column) => `s.${column}`).join(', ')})
  or not ST_OrderingEquals(i.geom, s.geom) or i.event_count is distinct from 1)`

/**
 * The stored events of the dataset that an export covers: those in the file's countries (the
 * countries its rows name; a row without one covers the events without one) whose first day lies
 * within the file's first and last day. A newer export that lacks one of them has removed it.
 */
const IN_SCOPE_SQL = `i.dataset = ? and i.occurred_on between (select min(occurred_on) from ${STAGING}) and (select max(occurred_until) from ${STAGING})
  and exists (select 1 from (select distinct country from ${STAGING}) c where c.country is not distinct from i.country)
  and not exists (select 1 from ${STAGING} s where s.event_id = i.event_id)`

export interface ImportCounts {
  rows: number
  added: number
  updated: number
  unchanged: number
  removed: number
  first_day: string | null
  last_day: string | null
  samples: { added: string[]; updated: string[]; removed: string[] }
}

export interface IncidentImportRecord {
  id: number
  dataset: string
  file_name: string | null
  first_day: string | null
  last_day: string | null
  rows: number
  added: number
  updated: number
  removed: number
  unchanged: number
  imported_by: string
  imported_at: string
}

/** The storage of incident imports: the staging of a file's rows, the plan, the merge and the record. */
export function incidentImportsRepository(knex: Knex) {
  return {
    /**
     * Runs `work` in one transaction that holds the dataset's import lock (two imports of a dataset
     * take turns, so that each one's plan is what it merges) and a fresh staging table.
     */
    async inImport<T>(dataset: ImportedDataset, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
      return knex.transaction(async (trx) => {
        await trx.raw(`set local statement_timeout = '${IMPORT_STATEMENT_TIMEOUT}'`)
        await trx.raw('select pg_advisory_xact_lock(?, ?)', [INCIDENT_IMPORT_LOCK, DATASET_LOCK_KEYS[dataset]])
        await trx.raw(`create temporary table ${STAGING} (line integer not null, ${COLUMNS.map((column) => `${column} ${TYPES[column]}`).join(', ')}, geom geometry(Point, 4326) not null) on commit drop`)
        return work(trx)
      })
    },

    /** Adds a batch of rows to the staging table: one statement, the rows as one JSON parameter. */
    async stage(trx: Knex.Transaction, rows: readonly IncidentRow[]): Promise<void> {
      if (rows.length === 0) return
      const json = JSON.stringify(rows.map((row) => ({ ...row, line: row.row })))
      await trx.raw(
        `insert into ${STAGING} (line, ${COLUMNS.join(', ')}, geom)
         select line, ${COLUMNS.join(', ')}, ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)
           from json_to_recordset(?::json) as x(line integer, ${COLUMNS.map((column) => `${column} ${TYPES[column]}`).join(', ')}, longitude float8, latitude float8)`,
        [json],
      )
    },

    /**
     * The problems that only the whole file shows: an event id given twice, a slug (made from the
     * id) that two ids share or that another stored event has. At most `cap`; and how many in all.
     */
    async fileProblems(trx: Knex.Transaction, dataset: ImportedDataset, idColumn: string, cap: number): Promise<{ problems: RowProblem[]; total: number }> {
      await trx.raw(`create index on ${STAGING} (event_id)`)
      await trx.raw(`analyze ${STAGING}`)
      const { rows } = await trx.raw(
        `with repeated as (
           select s.line as row, ?::text as column_name, 'repeats the event id ' || s.event_id || ' of row ' || first.line as problem
             from ${STAGING} s join lateral (select min(line) as line from ${STAGING} f where f.event_id = s.event_id) first on first.line < s.line
           union all
           select s.line, ?, 'makes the slug ' || s.slug || ', which row ' || other.line || ' (' || other.event_id || ') makes too'
             from ${STAGING} s join ${STAGING} other on other.slug = s.slug and other.event_id <> s.event_id and other.line < s.line
           union all
           select s.line, ?, 'makes the slug ' || s.slug || ', which the stored event ' || i.dataset || ' ' || i.event_id || ' has'
             from ${STAGING} s join ${TABLES.incidents} i on i.slug = s.slug and (i.dataset <> ? or i.event_id <> s.event_id)
         )
         select row, column_name, problem, count(*) over () as total from repeated order by row limit ?`,
        [idColumn, idColumn, idColumn, dataset, cap],
      )
      const found = rows as Array<{ row: number; column_name: string; problem: string; total: number }>
      return { problems: found.map((row) => ({ row: row.row, column: row.column_name, problem: row.problem })), total: found[0]?.total ?? 0 }
    },

    /** What merging the staged rows would change, with the first ids of each change (by row). */
    async plan(trx: Knex.Transaction, dataset: ImportedDataset): Promise<ImportCounts> {
      const { rows } = await trx.raw(
        `select count(*)::int as rows,
                count(*) filter (where i.id is null)::int as added,
                count(*) filter (where i.id is not null and ${DIFFERS_SQL})::int as updated,
                count(*) filter (where i.id is not null and not ${DIFFERS_SQL})::int as unchanged,
                min(s.occurred_on) as first_day, max(s.occurred_until) as last_day,
                coalesce((array_agg(s.event_id order by s.line) filter (where i.id is null))[1:${SAMPLE_SIZE}], '{}') as sample_added,
                coalesce((array_agg(s.event_id order by s.line) filter (where i.id is not null and ${DIFFERS_SQL}))[1:${SAMPLE_SIZE}], '{}') as sample_updated
           from ${STAGING} s left join ${TABLES.incidents} i on i.dataset = ? and i.event_id = s.event_id`,
        [dataset],
      )
      const { rows: removedRows } = await trx.raw(
        `select count(*)::int as removed, coalesce((array_agg(i.event_id order by i.occurred_on, i.event_id))[1:${SAMPLE_SIZE}], '{}') as sample_removed
           from ${TABLES.incidents} i where ${IN_SCOPE_SQL}`,
        [dataset],
      )
      const plan = rows[0]
      const removed = removedRows[0]
      return {
        rows: plan.rows, added: plan.added, updated: plan.updated, unchanged: plan.unchanged, removed: removed.removed,
        first_day: plan.first_day, last_day: plan.last_day,
        samples: { added: plan.sample_added, updated: plan.sample_updated, removed: removed.sample_removed },
      }
    },

    /**
     * Merges the staged rows into the dataset's incidents: adds the new events, rewrites only those
     * that changed (version + 1, updated_at now, this import's id), and removes the events of the
     * file's scope that it lacks. Returns the import's record id.
     */
    async merge(trx: Knex.Transaction, dataset: ImportedDataset, record: { fileName: string | null; importedBy: string; counts: ImportCounts }): Promise<number> {
      const { counts } = record
      const [created] = await trx(TABLES.incidentImports)
        .insert({
          dataset, file_name: record.fileName, first_day: counts.first_day, last_day: counts.last_day, rows: counts.rows,
          added: counts.added, updated: counts.updated, removed: counts.removed, unchanged: counts.unchanged, imported_by: record.importedBy,
        })
        .returning('id')
      const importId = (created as { id: number }).id
      // Statements that would change nothing are not run: they would still move the data version.
      if (counts.removed > 0) await trx.raw(`delete from ${TABLES.incidents} i where ${IN_SCOPE_SQL}`, [dataset])
      if (counts.added + counts.updated > 0) await trx.raw(
        `insert into ${TABLES.incidents} as i (dataset, ${COLUMNS.join(', ')}, geom, event_count, import_id)
         select ?, ${COLUMNS.map((column) => `s.${column}`).join(', ')}, s.geom, 1, ? from ${STAGING} s
         on conflict (dataset, event_id) do update set
           ${CHANGED_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ')}, geom = excluded.geom, event_count = 1,
           import_id = excluded.import_id, version = i.version + 1, updated_at = now()
         where ${DIFFERS_SQL.replace(/\bs\./g, 'excluded.')}`,
        [dataset, importId],
      )
      return importId
    },

    /** The imports, newest first. */
    async list(limit: number): Promise<IncidentImportRecord[]> {
      const rows = await knex(TABLES.incidentImports)
        .select('id', 'dataset', 'file_name', 'first_day', 'last_day', 'rows', 'added', 'updated', 'removed', 'unchanged', 'imported_by',
          knex.raw(`to_char(imported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as imported_at`))
        .orderBy('id', 'desc')
        .limit(limit)
      return rows as IncidentImportRecord[]
    },
  }
}

export type IncidentImportsRepository = ReturnType<typeof incidentImportsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    incidentImports: IncidentImportsRepository
  }
}

export default repositoryPlugin('incidentImports', incidentImportsRepository)
