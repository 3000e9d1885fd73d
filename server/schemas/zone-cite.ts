import { Type } from 'typebox'
import { CITATION_FORMATS } from '../export/citation.ts'
import { CalendarDate } from './common.ts'
import { RecordedAsOf } from './zone-boundaries.ts'

/** Query parameters of GET /zones/:id/cite. */
export const CiteQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Enum(CITATION_FORMATS, {
        description:
          'text (default), csl-json, bibtex or ris; without it, the Accept header chooses (text/plain, application/vnd.citationstyles.csl+json, application/x-bibtex, application/x-research-info-systems)',
      }),
    ),
    as_of: Type.Optional({ ...CalendarDate, description: 'the date the citation describes (YYYY-MM-DD): the zone as it stood then; default today' }),
    recorded_as_of: Type.Optional({ ...RecordedAsOf, description: 'the record cited: as the Atlas had recorded it at this instant; default the moment of retrieval, so the permanent URL never changes meaning' }),
  },
  { additionalProperties: false },
)

const DateParts = Type.Object({ 'date-parts': Type.Array(Type.Array(Type.Integer(), { minItems: 1, maxItems: 3 }), { minItems: 1, maxItems: 2 }) })

/** One CSL-JSON item, as the Atlas writes it (a subset of the CSL-JSON schema's fields). */
export const CslItem = Type.Object({
  id: Type.String(),
  type: Type.Literal('dataset'),
  title: Type.String({ description: 'the zone and the date described' }),
  author: Type.Array(Type.Object({ literal: Type.String() })),
  publisher: Type.String(),
  version: Type.String({ description: 'the data version' }),
  issued: DateParts,
  accessed: DateParts,
  URL: Type.String({ description: 'the permanent URL: the map showing the zone on that date, as recorded at that instant' }),
  note: Type.String(),
})

export const CiteResponses = {
  description: 'The citation: the zone, the date described, the data version, the retrieval date and the permanent URL',
  content: {
    'text/plain': { schema: Type.String({ description: 'one line of text' }) },
    'application/vnd.citationstyles.csl+json': { schema: Type.Array(CslItem, { minItems: 1, maxItems: 1 }) },
    'application/x-bibtex': { schema: Type.String({ description: 'one @misc entry' }) },
    'application/x-research-info-systems': { schema: Type.String({ description: 'one RIS record (type DATA), lines ended by CRLF' }) },
  },
}
