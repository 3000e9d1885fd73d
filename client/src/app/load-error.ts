import { formatDate } from '../dates.ts'
import { el } from '../dom.ts'

/**
 * Says that zones could not be loaded, what the map still shows, and (given `retry`) offers to try
 * again; the next successful load takes the message away (clearLoadError).
 */
export function showLoadError(container: HTMLElement, error: unknown, options: { shown?: string | null; retry?: () => void } = {}): void {
  const message = error instanceof Error ? error.message : String(error)
  clearLoadError(container)
  const still = options.shown === undefined ? '' : ` The map still shows ${options.shown ? formatDate(options.shown) : 'today'}; check the connection and try again.`
  let again: HTMLButtonElement | null = null
  if (options.retry) {
    again = el('button', { type: 'button', class: 'ta-button ta-retry' }, 'Try again')
    again.addEventListener('click', options.retry)
  }
  container.prepend(el('p', { class: 'ta-error ta-load-error', role: 'alert' }, `The zones could not be loaded: ${message}.${still} `, again))
}

export function clearLoadError(container: HTMLElement): void {
  container.querySelector('.ta-load-error')?.remove()
}
