import { Type } from 'typebox'

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ where: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details', additionalProperties: true },
)

export const problemResponses = {
  400: { ...Type.Ref('Problem'), description: 'The request is malformed; `errors` says where.' },
  404: { ...Type.Ref('Problem'), description: 'No such resource.' },
  500: { ...Type.Ref('Problem'), description: 'A fault on the server; details are in its log.' },
  503: { ...Type.Ref('Problem'), description: 'The database is unreachable; retry after Retry-After seconds.' },
}

export const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100, description: 'a slug: lowercase words joined by hyphens' })

export const Link = Type.Object({
  rel: Type.String(),
  type: Type.Optional(Type.String()),
  href: Type.String(),
  title: Type.Optional(Type.String()),
})

/** A calendar date, checked by the `date` format (2017-13-45 is refused). */
export const CalendarDate = Type.String({ format: 'date', description: 'a date as YYYY-MM-DD' })
