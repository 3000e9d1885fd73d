import { el } from '../dom.ts'
import { LANGUAGE, LANGUAGES, type Language } from '../i18n/index.ts'

/** Each language's name in itself: what a reader of that language looks for. */
const OWN_NAMES: Record<Language, string> = { en: 'English', ar: 'العربية' }

/**
 * The header's choice of language (English / العربية): a link to this page as it stands (the
 * link's state is kept in the address) with `lang=` set, which loads the page again in that
 * language. Each name is written in its own language and marked so (lang, dir), so a screen
 * reader says it right; the page's own language is marked as the current one.
 */
export function fillLanguageSwitch(container: HTMLElement, location: Location = window.location): void {
  const links = LANGUAGES.map((language) => {
    const link = el('a', { class: 'ta-language-link', lang: language, hreflang: language, dir: 'auto', href: hrefFor(location, language), 'aria-current': language === LANGUAGE ? 'true' : null }, OWN_NAMES[language])
    // The address changes as the reader moves the map or picks a zone: the link follows it when used.
    const refresh = () => link.setAttribute('href', hrefFor(location, language))
    link.addEventListener('focus', refresh)
    link.addEventListener('pointerdown', refresh)
    link.addEventListener('click', refresh)
    return link
  })
  container.replaceChildren(...links.flatMap((link, index) => (index === 0 ? [link] : [el('span', { class: 'ta-language-sep', 'aria-hidden': 'true' }, '/'), link])))
  container.hidden = false
}

/** This page's address with `lang` set to `language`. */
export function hrefFor(location: Pick<Location, 'pathname' | 'search' | 'hash'>, language: Language): string {
  const params = new URLSearchParams(location.search)
  params.set('lang', language)
  const search = params.toString().replaceAll('%2C', ',').replaceAll('%2F', '/').replaceAll('%3A', ':')
  return `${location.pathname}?${search}${location.hash}`
}
