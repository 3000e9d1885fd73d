import { Type } from 'typebox'
import { IMPORTED_DATASETS } from '../domain/incident-rows.ts'

const Day = Type.Union([Type.String({ format: 'date' }), Type.Null()])
const EventIds = Type.Array(Type.String(), { description: 'the first event ids (at most 10), in the order of the file (removed: by day)' })

export const IncidentImportQuery = Type.Object(
  {
    dataset: Type.Enum(IMPORTED_DATASETS, { description: 'the dataset the file is an export of: acled or ucdp-ged' }),
    dry_run: Type.Boolean({ default: false, description: 'only report what would change' }),
    file_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]*$', description: 'the file name, for the list of imports' })),
  },
  { additionalProperties: false },
)

export const IncidentImportReport = Type.Object(
  {
    dataset: Type.Enum(IMPORTED_DATASETS),
    dry_run: Type.Boolean(),
    import_id: Type.Union([Type.Integer(), Type.Null()], { description: 'the import in GET /incidents/imports; null for a dry run' }),
    rows: Type.Integer({ description: 'data rows in the file' }),
    added: Type.Integer(),
    updated: Type.Integer({ description: 'stored events the file changes (their version goes up)' }),
    removed: Type.Integer({ description: "stored events of the file's countries and days that the file lacks" }),
    unchanged: Type.Integer(),
    first_day: Day,
    last_day: Day,
    samples: Type.Object({ added: EventIds, updated: EventIds, removed: EventIds }, { additionalProperties: false }),
  },
  { additionalProperties: false },
)

export const IncidentImportRecord = Type.Object(
  {
    id: Type.Integer(),
    dataset: Type.Enum(IMPORTED_DATASETS),
    file_name: Type.Union([Type.String(), Type.Null()]),
    first_day: Day,
    last_day: Day,
    rows: Type.Integer(),
    added: Type.Integer(),
    updated: Type.Integer(),
    removed: Type.Integer(),
    unchanged: Type.Integer(),
    imported_by: Type.String(),
    imported_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)

export const IncidentImportsQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'the newest imports, at most this many' }) },
  { additionalProperties: false },
)
