import type { Status } from './statuses.ts'

/**
 * Errors of the domain, thrown by the write paths; server/http/error-handler.ts maps each to its
 * HTTP status in one table.
 */
export class DomainError extends Error {
  constructor(message: string, readonly errors: Array<{ where: string; message: string }> = []) {
    super(message)
    this.name = new.target.name
  }
}

/** The zone (or another named thing) does not exist, or is archived. */
export class NotFoundError extends DomainError {}

/** What a versioned record is: its ETags and messages name it. */
export type VersionedEntity = 'zone' | 'agreement' | 'incident' | 'webhook'

/** The request was made against an older version: someone else saved first. */
export class StaleVersionError extends DomainError {
  constructor(readonly zoneId: number, readonly currentVersion: number, readonly entity: VersionedEntity = 'zone') {
    super(`${entity.charAt(0).toUpperCase()}${entity.slice(1)} ${zoneId} has changed since you loaded it (it is now at version ${currentVersion}). Reload it, reapply your change, and send the new ETag in If-Match.`)
  }
}

export class TransitionNotAllowedError extends DomainError {
  constructor(readonly from: Status, readonly to: Status, readonly allowed: readonly Status[]) {
    super(
      allowed.length === 0
        ? `${article(from)} ${from} zone cannot change status: ${from} is final.`
        : `${article(from)} ${from} zone cannot become ${to}; it can become ${allowed.join(', ')}.`,
      [{ where: 'body.status', message: `${from} -> ${to} is not allowed; allowed: ${allowed.join(', ') || 'none'}` }],
    )
  }
}

/** Well-formed input that breaks a rule of the data (an invalid shape, an unknown party, a date out of order). */
export class InvalidEditError extends DomainError {}

/** A change that conflicts with what is stored (a slug taken, a zone already archived). */
export class ConflictError extends DomainError {}

/** The service has no room for this work now (every worker busy, their queue full); the same request may pass in a few seconds. */
export class BusyError extends DomainError {}

/** "An ended zone", "A proposed zone". */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'An' : 'A'
}
