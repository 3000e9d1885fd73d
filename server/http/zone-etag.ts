import type { VersionedEntity } from '../domain/errors.ts'
import { Problem, badRequest } from './problem.ts'
import type { ExpectedVersion } from '../domain/expected-version.ts'
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

/** Where a write's body may say which version it edits, for clients that cannot send If-Match. */
export interface VersionInBody {
  /** What the body holds there: absent, or the version the client loaded. */
  value: unknown
  /** Where that is, as problem details name it: body.version, body.properties.version. */
  where: string
}

/**
 * The version a write to an existing record is made against. If-Match decides when it is sent: the
 * version its ETag names (-1, never current, for another record's tag), or `any` for `*` (RFC 9110,
 * section 13.1.1). Without it, the version the body says it edits, for desktop GIS and other clients
 * that never send If-Match; with neither, 428 saying how to configure the client.
 */
export function expectedVersion(header: string | undefined, id: number, entity: VersionedEntity = 'zone', body?: VersionInBody): ExpectedVersion {
  if (header) return versionFromIfMatch(header, id, entity)
  if (body && body.value !== undefined) {
    if (!Number.isSafeInteger(body.value) || (body.value as number) < 1) throw badRequest(body.where, `must be the version of the ${entity} you loaded (a whole number)`)
    return body.value as number
  }
  const orBody = body ? `, or put the version you loaded in the body as ${body.where.replace(/^body\./, '')}` : ''
  throw new Problem(
    428,
    `Say which version of the ${entity} you are changing, so that an edit never overwrites one made since you loaded it: send its ETag in an If-Match header` +
      ` (If-Match: * to change whatever version is current)${orBody}. A desktop GIS that sends neither can be given the header in its connection's HTTP headers.`,
    [{ where: 'header.if-match', message: 'is required' }],
  )
}

function versionFromIfMatch(header: string, id: number, entity: VersionedEntity): ExpectedVersion {
  // The tag of the Arabic representation ("zone-3-v2-ar") names the same version.
  const pattern = new RegExp(`^"${entity}-(\\d+)-v(\\d+)(?:-ar)?"$`)
  for (const candidate of header.split(',').map((value) => value.trim())) {
    if (candidate === '*') return 'any'
    const match = pattern.exec(candidate)
    if (match && Number(match[1]) === id) return Number(match[2])
  }
  return -1
}
