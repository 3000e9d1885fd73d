/**
 * The version a write is made against: the one the editor loaded, or `any` for `If-Match: *`, which
 * (RFC 9110, section 13.1.1) matches whatever version is current, so such a write never meets a
 * newer one, only a record that is gone.
 */
export type ExpectedVersion = number | 'any'

/** Whether a record at `current` has moved on from the version a write expects. */
export function isStale(expected: ExpectedVersion, current: number): boolean {
  return expected !== 'any' && expected !== current
}
