const MAX_STRING = 24

/**
 * Names an untrusted value for an error message without echoing huge strings or objects back.
 * Used by the geometry checks when something other than what GeoJSON allows turns up.
 *
 * @example describeValue('36.5') // 'the string "36.5"'
 * @example describeValue([1, 2]) // 'an array'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'string') {
    const shown = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value
    return `the string ${JSON.stringify(shown)}`
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}
