/**
 * The data version, read anew for each request but shared by requests that arrive together. A
 * request joins a read only if that read started after the request came in, so every change
 * committed before a request arrived is seen, by every instance, with no notice to wait for; and a
 * hundred requests at once cost one or two single-row reads instead of a hundred.
 *
 *   const currentVersion = sharedVersionReads(() => readDataVersion(knex))
 *   const version = await currentVersion()
 */
export function sharedVersionReads(read: () => Promise<number>): () => Promise<number> {
  let running: Promise<number> | null = null
  let next: Promise<number> | null = null

  function start(): Promise<number> {
    const reading: Promise<number> = read().finally(() => {
      if (running === reading) running = null
    })
    running = reading
    return reading
  }

  return () => {
    if (!running) return start()
    // The read under way may have begun before this request: wait for the one after it.
    next ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      next = null
      return start()
    })
    return next
  }
}
