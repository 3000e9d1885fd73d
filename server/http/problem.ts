/**
 * RFC 9457 problem details: the one shape of every 4xx and 5xx response.
 * Routes and domain code throw a Problem; the error handler turns anything else into one.
 */
export interface ProblemLocation {
  /** Where the fault is, e.g. `query.bbox[1]` or `body.geometry.coordinates[0][2]`. */
  where: string
  message: string
}

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  errors?: ProblemLocation[]
  [extension: string]: unknown
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error')
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: ProblemLocation[] = [],
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail)
    this.name = 'Problem'
  }

  toBody(): ProblemBody {
    return {
      type: 'about:blank',
      title: titleFor(this.status),
      status: this.status,
      detail: this.detail,
      ...(this.errors.length > 0 ? { errors: this.errors } : {}),
      ...this.extensions,
    }
  }
}

export const notFound = (what: string): Problem => new Problem(404, `${what} does not exist.`)
export const badRequest = (where: string, message: string): Problem =>
  new Problem(400, `${where}: ${message}`, [{ where, message }])
