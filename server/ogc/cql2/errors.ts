/**
 * A fault in a filter, at an offset in its text. The message reads
 * `unknown property "password" at column 12; queryables: slug, name, ...`: the reason, where, and
 * an optional hint on what would be accepted.
 */
export class Cql2Error extends Error {
  constructor(
    readonly reason: string,
    /** 0-based offset of the faulty character in the filter text. */
    readonly offset: number,
    readonly hint?: string,
  ) {
    super(`${reason} at column ${offset + 1}${hint ? `; ${hint}` : ''}`)
    this.name = 'Cql2Error'
  }
}
