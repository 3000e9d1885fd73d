import { t } from './index.ts'

/** The attributes of the page's static markup that carry text, each named by data-i18n-<attribute>. */
const TEXT_ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'content'] as const

/**
 * Puts the page's language into its static markup (index.html): an element's text from its
 * `data-i18n` message id, an attribute's from `data-i18n-<attribute>` (aria-label, title,
 * placeholder, a meta's content). The markup keeps the English as written, for a page without
 * JavaScript and for a reader of the source.
 */
export function translateStaticText(root: ParentNode = document): void {
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) element.textContent = t(element.dataset.i18n!)
  for (const attribute of TEXT_ATTRIBUTES) {
    for (const element of Array.from(root.querySelectorAll(`[data-i18n-${attribute}]`))) {
      element.setAttribute(attribute, t(element.getAttribute(`data-i18n-${attribute}`)!))
    }
  }
}
