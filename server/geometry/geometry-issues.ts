/** One problem found in an untrusted geometry: where it is (relative to the geometry) and what is wrong. */
export interface GeometryIssue {
  /** Like `coordinates[0][3][1]` or `geometries[2].type`; empty for the summary line. */
  path: string
  message: string
}

export interface IssueList {
  add(path: string, message: string): void
  /** Every issue added so far, including those past the cap. */
  readonly count: number
  /** At most `cap` entries; when more were added, the last says how many were left out. */
  list(): GeometryIssue[]
}

/**
 * Collects validation issues so they can be reported all at once, keeping memory bounded when a
 * hostile geometry has a problem at every one of its vertices.
 *
 * @example
 * const issues = createIssueList(20)
 * issues.add('coordinates[1]', 'latitude 91 is outside -90..90')
 * issues.list() // [{ path: 'coordinates[1]', message: 'latitude 91 is outside -90..90' }]
 */
export function createIssueList(cap: number): IssueList {
  const kept: GeometryIssue[] = []
  let count = 0
  return {
    add(path, message) {
      count += 1
      if (kept.length < cap) kept.push({ path, message })
    },
    get count() {
      return count
    },
    list() {
      if (count <= cap) return [...kept]
      const shown = kept.slice(0, cap - 1)
      return [...shown, { path: '', message: `and ${count - shown.length} more issues` }]
    },
  }
}
