import { readPermalink, writePermalink } from '../permalink.ts'
import { DEFAULT_STATE, type AppState } from '../state.ts'

/**
 * The embed's address (`/embed`) and the iframe code that shows it. The embed reads the map page's
 * permalink parameters (permalink.ts): the filters, the selected zone, the date, the view and
 * `recorded_as_of`, plus its own `legend=off`. A pinned embed carries a date and a `recorded_as_of`,
 * so it shows the same map whatever is recorded later:
 *
 *   /embed?status=active&date=2017-07-09&recorded_as_of=2025-01-31T09:00:00Z&map=7/35.1/38.5&legend=off
 */

export const EMBED_PATH = '/embed'

/** What the embed shows besides the map. */
export interface EmbedSettings {
  /** The compact legend. Default: shown (`legend=off` hides it). */
  legend: boolean
}

/** The iframe sizes the Share dialog offers, in CSS pixels. */
export const EMBED_SIZES = {
  small: { width: 480, height: 360 },
  medium: { width: 640, height: 480 },
  large: { width: 960, height: 600 },
} as const
export type EmbedSize = keyof typeof EMBED_SIZES

/** The parts of the page's state an embed shows: what is drawn and where, not the list's sort, compare mode or the incidents. */
export function embeddedState(state: AppState): AppState {
  return {
    ...DEFAULT_STATE,
    statuses: state.statuses,
    kinds: state.kinds,
    sponsor: state.sponsor,
    query: state.query,
    zone: state.zone,
    date: state.date,
    view: state.view,
    recorded: state.recorded,
  }
}

/** The state and settings an embed's query string asks for; what cannot be read is left out, as on the map page. */
export function readEmbedLink(search: string): { state: AppState; settings: EmbedSettings } {
  const state = embeddedState(readPermalink(search))
  return { state, settings: { legend: new URLSearchParams(search).get('legend') !== 'off' } }
}

/**
 * Pins a state to the record as it is at `now`: the date of the map (today's when it shows the
 * latest) and the record as it stood then (the link's own when it already has one).
 */
export function pinnedState(state: AppState, now: Date): AppState {
  return { ...state, date: state.date ?? now.toISOString().slice(0, 10), recorded: state.recorded ?? `${now.toISOString().slice(0, 19)}Z` }
}

/** The embed's absolute URL, for another site's page; `lang` when the interface is not in English. */
export function embedUrl(origin: string, state: AppState, settings: EmbedSettings, lang?: string): string {
  const query = new URLSearchParams(writePermalink(embeddedState(state)).slice(1))
  if (!settings.legend) query.set('legend', 'off')
  if (lang && lang !== 'en') query.set('lang', lang)
  return `${origin}${EMBED_PATH}${readable(query)}`
}

/** The map page at the same state, absolute (the embed links to it from another site). */
export function mapUrl(origin: string, state: AppState, lang?: string): string {
  const query = new URLSearchParams(writePermalink(state).slice(1))
  if (lang && lang !== 'en') query.set('lang', lang)
  return `${origin}/${readable(query)}`
}

/** An <iframe> of the embed, its attributes escaped, with a title for screen readers and no border. */
export function iframeCode(url: string, size: { width: number; height: number }, title: string): string {
  return `<iframe src="${attribute(url)}" width="${size.width}" height="${size.height}" title="${attribute(title)}" style="border:0" loading="lazy"></iframe>`
}

/** Text for a double-quoted HTML attribute, with the entities people know (`&amp;` in a URL). */
function attribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/** Commas, slashes and colons unescaped, as the permalink writes them: still a valid query string. */
function readable(query: URLSearchParams): string {
  const text = query.toString().replaceAll('%2C', ',').replaceAll('%2F', '/').replaceAll('%3A', ':')
  return text ? `?${text}` : ''
}
