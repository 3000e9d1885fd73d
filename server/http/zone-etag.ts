import { Problem } from './problem.ts'

/**
 * A zone's strong ETag names its id and version; every write bumps the version, so it changes
 * exactly when the zone's canonical representation does.
 */
export function zoneEtag(id: number, version: number): string {
  return `"zone-${id}-v${version}"`
}

/** The version the client says it is editing, from If-Match. Missing: 428; not one of ours: 412. */
export function versionFromIfMatch(header: string | undefined, zoneId: number): number {
  if (!header) {
    throw new Problem(428, 'Send the zone\'s ETag (from GET /zones/{id}) in an If-Match header, so that an edit never overwrites one made since you loaded it.', [
      { where: 'header.if-match', message: 'is required' },
    ])
  }
  for (const candidate of header.split(',').map((value) => value.trim())) {
    const match = /^"zone-(\d+)-v(\d+)"$/.exec(candidate)
    if (match && Number(match[1]) === zoneId) return Number(match[2])
  }
  return -1
}
