import { badRequest } from './problem.ts'

/** Keyset paging: a cursor is the opaque form of the last id on a page. */
const PREFIX = 'after:'

export function encodeCursor(afterId: number): string {
  return Buffer.from(`${PREFIX}${afterId}`).toString('base64url')
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const id = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN
  if (!Number.isSafeInteger(id) || id < 0) {
    throw badRequest('query.cursor', 'is not a cursor this service gave out; follow a `next` link, or leave cursor out to start again')
  }
  return id
}
