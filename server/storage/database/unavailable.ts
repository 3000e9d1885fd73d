const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'])
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, restart);
// 57014 a statement cancelled by statement_timeout, 53300 too many connections (both: overloaded, retry).
const SQLSTATE_PREFIXES = ['08', '57P', '57014', '53300']

/** True when an error means "the database cannot be reached now", as opposed to a fault in a query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const { code } = error as { code?: string }
  if (error.name === 'KnexTimeoutError') return true
  if (code && (CONNECTION_CODES.has(code) || SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix)))) return true
  return /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|Query read timeout/.test(error.message)
}
