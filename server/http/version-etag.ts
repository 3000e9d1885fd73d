import { createHash } from 'node:crypto'

/**
 * ETags named by the data version (migration 009) instead of a hash of the body: hashing
 * a 7 MB page costs milliseconds on every request, while the version changes exactly when the data
 * does. The address (root URL and path with its query) is part of the tag, since the body depends on
 * it: the same version of two different pages must not share a tag.
 *
 *   versionEtag('zones', 41, 'https://atlas.example.org/zones?status=active') // '"zones-41-Xq3…"'
 */
export function versionEtag(prefix: string, version: number, address: string): string {
  return `"${prefix}-${version}-${createHash('sha1').update(address).digest('base64url').slice(0, 16)}"`
}

/** Whether an If-None-Match header names this ETag (weakly or strongly), or is `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((candidate) => {
    const tag = candidate.trim()
    return tag === '*' || tag === etag || tag === `W/${etag}`
  })
}
