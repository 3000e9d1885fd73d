import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Transform, finished, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export interface SpoolOptions {
  /** The start of the temporary directory's name, e.g. `truce-atlas-incident-import-`. */
  prefix: string
  /** The most bytes the upload may have. */
  limitBytes: number
  /** The error thrown as soon as the upload has more bytes than `limitBytes` (a 413). */
  tooLarge: () => Error
}

/** The upload ended before its body did: the client broke it off, or its connection failed. */
export class UploadBrokenOff extends Error {
  constructor(readonly reason: unknown) {
    super('the upload ended before the file did')
    this.name = 'UploadBrokenOff'
  }
}

/** Passes the bytes on until there are more than `limit`, then fails with `tooLarge()`. */
function byteLimit(limit: number, tooLarge: () => Error): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length
      if (seen > limit) callback(tooLarge())
      else callback(null, chunk)
    },
  })
}

/**
 * Writes an uploaded body to a file of a private temporary directory (mode 0700, in os.tmpdir()),
 * runs `work` on that file and removes the directory whatever happens: the work's end, its error,
 * a body over the limit, a client that breaks the upload off. The work thus starts once the whole
 * body is in, so a slow client never holds a database transaction (or the embedded database's one
 * connection) open, and the work may read the file more than once.
 *
 *   await withSpooledUpload(request.body, { prefix: 'truce-atlas-x-', limitBytes, tooLarge }, (file) => importFile(file))
 */
export async function withSpooledUpload<T>(input: Readable, options: SpoolOptions, work: (file: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(path.join(os.tmpdir(), options.prefix))
  try {
    const file = path.join(directory, 'upload')
    const limit = byteLimit(options.limitBytes, options.tooLarge)
    // Piped by hand, not by pipeline(): a body over the limit must not destroy the request, or the
    // client would never read the 413.
    const stopWatching = finished(input, (error) => {
      if (error) limit.destroy(new UploadBrokenOff(error))
    })
    input.pipe(limit)
    try {
      await pipeline(limit, createWriteStream(file, { flags: 'wx', mode: 0o600 }))
    } finally {
      stopWatching()
      input.unpipe(limit)
    }
    return await work(file)
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}
