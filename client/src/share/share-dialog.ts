import { el, uniqueId } from '../dom.ts'
import { embedUrl, EMBED_SIZES, iframeCode, mapUrl, pinnedState, type EmbedSize } from '../embed/embed-link.ts'
import { LANGUAGE, t } from '../i18n/index.ts'
import type { AppState } from '../state.ts'

export interface ShareDialogOptions {
  /** Where the "Share" button goes (the page's header). */
  container: HTMLElement
  /** The page's state when the dialog opens: the view shared. */
  state: () => AppState
  /** The origin the links point at. Default: the page's. */
  origin?: string
  /** The time now, for a pinned embed. Default: the clock's. */
  now?: () => Date
}

/**
 * The map page's "Share" button and dialog (a modal <dialog>): the link to the view as it is, with
 * "Copy link", and the iframe code of the embed (/embed) with the same filters, zone, date and
 * view, a size, the legend on or off, and optionally pinned to the record as it is now, with
 * "Copy code". Copying uses the clipboard; where the page may not write to it, the text is
 * selected and the reader is told to copy it.
 */
export class ShareDialog {
  readonly button: HTMLButtonElement
  readonly dialog: HTMLDialogElement
  readonly #options: ShareDialogOptions

  constructor(options: ShareDialogOptions) {
    this.#options = options
    this.button = el('button', { type: 'button', class: 'ta-button ta-share-button', 'aria-haspopup': 'dialog' }, t('share.button'))
    this.button.addEventListener('click', () => this.open())
    this.dialog = el('dialog', { class: 'ta-dialog ta-share-dialog' })
    options.container.append(this.button)
    document.body.append(this.dialog)
  }

  /** Opens the dialog on the page's view as it is now. */
  open(): void {
    const { state: currentState, origin = window.location.origin, now = () => new Date() } = this.#options
    const state = currentState()
    const openedAt = now()
    const titleId = uniqueId('ta-share-title')
    const status = el('p', { class: 'ta-share-status', role: 'status' })

    const link = el('input', { class: 'ta-input ta-share-link', id: uniqueId('ta-share-link'), type: 'url', readonly: true, value: mapUrl(origin, state, LANGUAGE) })
    const copyLink = el('button', { type: 'button', class: 'ta-button ta-share-copy-link' }, t('share.copyLink'))
    copyLink.addEventListener('click', () => void copy(link, status))

    const size = el(
      'select',
      { class: 'ta-input ta-share-size', id: uniqueId('ta-share-size') },
      ...(Object.keys(EMBED_SIZES) as EmbedSize[]).map((name) =>
        el('option', { value: name, selected: name === 'medium' }, t('share.embed.sizeOption', { name: t(`share.embed.${name}`), ...EMBED_SIZES[name] })),
      ),
    )
    const legend = el('input', { type: 'checkbox', class: 'ta-share-legend', checked: true })
    const pin = el('input', { type: 'checkbox', class: 'ta-share-pin', checked: state.recorded !== null })
    const code = el('textarea', { class: 'ta-input ta-share-code', id: uniqueId('ta-share-code'), readonly: true, rows: 4, spellcheck: false })
    const writeCode = () => {
      const shown = pin.checked ? pinnedState(state, openedAt) : state
      const url = embedUrl(origin, shown, { legend: legend.checked }, LANGUAGE)
      code.value = iframeCode(url, EMBED_SIZES[size.value as EmbedSize], t('share.embed.frameTitle'))
    }
    for (const control of [size, legend, pin]) control.addEventListener('change', writeCode)
    writeCode()
    const copyCode = el('button', { type: 'button', class: 'ta-button ta-share-copy-code' }, t('share.copyCode'))
    copyCode.addEventListener('click', () => void copy(code, status))

    const close = el('button', { type: 'button', class: 'ta-button ta-share-close' }, t('share.close'))
    close.addEventListener('click', () => this.dialog.close())
    this.dialog.setAttribute('aria-labelledby', titleId)
    this.dialog.replaceChildren(
      el('h2', { id: titleId, class: 'ta-dialog-title' }, t('share.title')),
      el(
        'section',
        { class: 'ta-share-section' },
        el('h3', {}, t('share.link.heading')),
        el('label', { for: link.id, class: 'visually-hidden' }, t('share.link.label')),
        el('div', { class: 'ta-share-row' }, link, copyLink),
      ),
      el(
        'section',
        { class: 'ta-share-section' },
        el('h3', {}, t('share.embed.heading')),
        el('p', { class: 'ta-muted' }, t('share.embed.intro')),
        el('label', { for: size.id }, t('share.embed.size')),
        size,
        el('label', { class: 'ta-share-check' }, legend, t('share.embed.legend')),
        el('label', { class: 'ta-share-check' }, pin, t('share.embed.pin')),
        el('label', { for: code.id }, t('share.embed.code')),
        code,
        el('div', { class: 'ta-share-row' }, copyCode),
      ),
      status,
      el('div', { class: 'ta-share-actions' }, close),
    )
    this.dialog.showModal()
    link.focus()
    link.select()
  }
}

/** Puts a field's text on the clipboard, or selects it for the reader to copy when the page may not. */
async function copy(field: HTMLInputElement | HTMLTextAreaElement, status: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(field.value)
    status.textContent = t('share.copied')
  } catch {
    field.focus()
    field.select()
    status.textContent = t('share.copyFallback')
  }
}
