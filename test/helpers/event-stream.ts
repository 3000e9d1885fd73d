/** Reads a text/event-stream response and hands out its events one by one, for tests. */
export interface EventReader {
  next(timeoutMs?: number): Promise<{ event: string; data: any }>
  close(): void
}

export async function openEventStream(url: string): Promise<EventReader> {
  const controller = new AbortController()
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } })
  if (response.status !== 200 || !String(response.headers.get('content-type')).startsWith('text/event-stream')) {
    throw new Error(`not an event stream: ${response.status} ${response.headers.get('content-type')}`)
  }
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const queue: Array<{ event: string; data: any }> = []

  async function fill(deadline: number): Promise<void> {
    while (queue.length === 0) {
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error('no event within the time allowed')
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event within the time allowed')), remaining))])
      if (chunk.done) throw new Error('the event stream ended')
      buffer += decoder.decode(chunk.value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const fields = Object.fromEntries(block.split('\n').filter((line) => line && !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]))
        if (fields['data'] !== undefined) queue.push({ event: fields['event'] ?? 'message', data: JSON.parse(fields['data']) })
      }
    }
  }

  return {
    async next(timeoutMs = 5000) {
      await fill(Date.now() + timeoutMs)
      return queue.shift()!
    },
    close: () => controller.abort(),
  }
}
