import { formatDate } from '../dates.ts'
import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'

/**
 * Says that zones could not be loaded, what the map still shows, and (given `retry`) offers to try
 * again; the next successful load takes the message away (clearLoadError).
 */
export function showLoadError(container: HTMLElement, error: unknown, options: { shown?: string | null; retry?: () => void } = {}): void {
  const message = error instanceof Error ? error.message : String(error)
  clearLoadError(container)
  const still = options.shown === undefined ? '' : ` ${options.shown ? t('loadError.stillShows', { date: formatDate(options.shown) }) : t('loadError.stillShowsToday')}`
  let again: HTMLButtonElement | null = null
  if (options.retry) {
    again = el('button', { type: 'button', class: 'ta-button ta-retry' }, t('loadError.retry'))
    again.addEventListener('click', options.retry)
  }
  container.prepend(el('p', { class: 'ta-error ta-load-error', role: 'alert' }, `${t('loadError.message', { reason: message })}${still} `, again))
}

export function clearLoadError(container: HTMLElement): void {
  container.querySelector('.ta-load-error')?.remove()
}
