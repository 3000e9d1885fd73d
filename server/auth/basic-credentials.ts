/** The longest credentials part of a Basic header taken: a username and an API token fit in far less. */
export const MAX_BASIC_CREDENTIALS = 512

export type BasicCredentials = { username: string; password: string } | { refused: string }

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
// RFC 7617, section 2: the user-id has no control characters; neither has any password here.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The username and password of `Authorization: Basic <credentials>` (RFC 7617: base64 of UTF-8
 * `username:password`, split at the first colon), or why they cannot be read.
 *
 *   basicCredentials('YWRhOnRhX3h5eg==') // { username: 'ada', password: 'ta_xyz' }
 */
export function basicCredentials(credentials: string): BasicCredentials {
  if (credentials.length > MAX_BASIC_CREDENTIALS) return { refused: `The Basic credentials are longer than ${MAX_BASIC_CREDENTIALS} characters.` }
  if (credentials.length % 4 !== 0 || !BASE64.test(credentials)) return { refused: 'The Basic credentials are not base64.' }
  let decoded: string
  try {
    decoded = utf8.decode(Buffer.from(credentials, 'base64'))
  } catch {
    return { refused: 'The Basic credentials are not UTF-8 text.' }
  }
  const colon = decoded.indexOf(':')
  if (colon < 0) return { refused: 'The Basic credentials have no colon between the username and the token.' }
  if (CONTROL.test(decoded)) return { refused: 'The Basic credentials contain control characters.' }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
