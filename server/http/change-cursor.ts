import { badRequest } from './problem.ts'

/** Where a page of changes ended: the date, kind rank and row id of its last change. */
export interface ChangeCursorKey {
  day: string
  rank: number
  id: number
}

const PREFIX = 'changes:'
const KEY = /^(\d{4}-\d{2}-\d{2})~([0-2])~(\d{1,10})$/

/** Whether YYYY-MM-DD names a day PostgreSQL can read (no year 0, no 30 February). */
function isRealDay(day: string): boolean {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const moment = new Date(0)
  moment.setUTCFullYear(year, month - 1, date)
  return year >= 1 && moment.getUTCFullYear() === year && moment.getUTCMonth() === month - 1 && moment.getUTCDate() === date
}

/** Keyset paging of /changes: a cursor is the opaque form of the last change's key. */
export function encodeChangeCursor(key: ChangeCursorKey): string {
  return Buffer.from(`${PREFIX}${key.day}~${key.rank}~${key.id}`).toString('base64url')
}

export function decodeChangeCursor(cursor: string): ChangeCursorKey {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const match = text.startsWith(PREFIX) ? KEY.exec(text.slice(PREFIX.length)) : null
  const id = match ? Number(match[3]) : Number.NaN
  if (!match || id > 2147483647 || !isRealDay(match[1]!)) {
    throw badRequest('query.cursor', 'is not a cursor this service gave out; follow a `next` link, or leave cursor out to start again')
  }
  return { day: match[1]!, rank: Number(match[2]), id }
}
