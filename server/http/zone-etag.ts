import type { VersionedEntity } from '../domain/errors.ts'
import { Problem } from './problem.ts'
import type { Language } from '../domain/languages.ts'

/**
 * A versioned record's strong ETag names what it is, its id and its version; every write bumps the
 * version, so it changes exactly when the record's canonical representation does.
 */
export function versionedEtag(entity: VersionedEntity, id: number, version: number): string {
  return `"${entity}-${id}-v${version}"`
}

/** A zone's ETag; in a language other than English (names in Arabic), the language is part of it: "zone-3-v2-ar". */
export function zoneEtag(id: number, version: number, language: Language = 'en'): string {
  const etag = versionedEtag('zone', id, version)
  return language === 'en' ? etag : `${etag.slice(0, -1)}-${language}"`
}

/** The version the client says it is editing, from If-Match. Missing: 428; not one of ours: 412. */
export function versionFromIfMatch(header: string | undefined, id: number, entity: VersionedEntity = 'zone'): number {
  if (!header) {
    throw new Problem(428, `Send the ${entity}'s ETag (from GET /${entity}s/{id}) in an If-Match header, so that an edit never overwrites one made since you loaded it.`, [
      { where: 'header.if-match', message: 'is required' },
    ])
  }
  // The tag of the Arabic representation ("zone-3-v2-ar") names the same version.
  const pattern = new RegExp(`^"${entity}-(\\d+)-v(\\d+)(?:-ar)?"$`)
  for (const candidate of header.split(',').map((value) => value.trim())) {
    const match = pattern.exec(candidate)
    if (match && Number(match[1]) === id) return Number(match[2])
  }
  return -1
}
