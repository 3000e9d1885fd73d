import { KINDS, type Kind } from '../../server/domain/kinds.ts'
import { SLUG_PATTERN } from '../../server/domain/parties.ts'
import { isStatus, type Status } from '../../server/domain/statuses.ts'
import { isIsoDate } from './dates.ts'
import { isLanguage } from './i18n/languages.ts'
import { DEFAULT_STATE, SORT_KEYS, type AppState, type CompareDates, type MapView, type SortKey } from './state.ts'

/**
 * The state in the query string, so a reload or a shared link restores it exactly:
 * `?status=active,agreed&kind=siege&sponsor=russia&q=idlib&sort=changed&zone=siege-of-raqqa&date=2017-07-08&map=7/35.1234/38.5678`.
 * Compare mode is `compare=2017-07-01/2017-10-01` (an ISO 8601 interval: from/to), and a link
 * pinned to the record as it stood then carries `recorded_as_of=2024-03-01T12:00:00Z` (or a day),
 * and the incidents layer switched on is `incidents=on`. The interface's language, when the link
 * names it, is `lang=en|ar`.
 * Defaults are left out; unreadable values are ignored one by one, never the whole link.
 */

const SLUG = new RegExp(SLUG_PATTERN)
const MAX_QUERY_LENGTH = 200
/** Five decimals are about a metre: enough for a view to come back where it was. */
const VIEW_DECIMALS = 5

export function readPermalink(search: string): AppState {
  const params = new URLSearchParams(search)
  const list = (name: string) => (params.get(name) ?? '').split(',').filter((item) => item !== '')
  const sponsor = params.get('sponsor')
  const zone = params.get('zone')
  const date = params.get('date')
  const sort = params.get('sort')
  const lang = params.get('lang')
  return {
    statuses: unique(list('status').filter(isStatus)) as Status[],
    kinds: unique(list('kind').filter((kind): kind is Kind => (KINDS as readonly string[]).includes(kind))),
    sponsor: sponsor && SLUG.test(sponsor) ? sponsor : null,
    query: (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH),
    sort: sort && (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : DEFAULT_STATE.sort,
    zone: zone && SLUG.test(zone) ? zone : null,
    date: date && isIsoDate(date) ? date : null,
    view: readView(params.get('map')),
    compare: readCompare(params.get('compare')),
    recorded: readRecorded(params.get('recorded_as_of')),
    incidents: params.get('incidents') === 'on',
    lang: isLanguage(lang) ? lang : null,
  }
}

/** The query string (with its `?`, or '' for the default state). */
export function writePermalink(state: AppState): string {
  const params = new URLSearchParams()
  if (state.statuses.length > 0) params.set('status', state.statuses.join(','))
  if (state.kinds.length > 0) params.set('kind', state.kinds.join(','))
  if (state.sponsor) params.set('sponsor', state.sponsor)
  if (state.query) params.set('q', state.query)
  if (state.sort !== DEFAULT_STATE.sort) params.set('sort', state.sort)
  if (state.zone) params.set('zone', state.zone)
  if (state.date) params.set('date', state.date)
  if (state.compare) params.set('compare', `${state.compare.from}/${state.compare.to}`)
  if (state.recorded) params.set('recorded_as_of', state.recorded)
  if (state.incidents) params.set('incidents', 'on')
  if (state.view) params.set('map', formatView(state.view))
  if (state.lang) params.set('lang', state.lang)
  // Commas and slashes are legal in a query string; keeping them unescaped keeps links readable.
  const text = params.toString().replaceAll('%2C', ',').replaceAll('%2F', '/').replaceAll('%3A', ':')
  return text ? `?${text}` : ''
}

export function formatView(view: MapView): string {
  return `${view.zoom}/${view.lat.toFixed(VIEW_DECIMALS)}/${view.lng.toFixed(VIEW_DECIMALS)}`
}

function readView(value: string | null): MapView | null {
  const parts = (value ?? '').split('/').map(Number)
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part))) return null
  const [zoom, lat, lng] = parts as [number, number, number]
  if (zoom < 0 || zoom > 20 || lat < -90 || lat > 90 || lng < -180 || lng > 180) return null
  return { zoom, lat, lng }
}

function readCompare(value: string | null): CompareDates | null {
  const [from, to, ...rest] = (value ?? '').split('/')
  if (!from || !to || rest.length > 0 || !isIsoDate(from) || !isIsoDate(to) || from > to) return null
  return { from, to }
}

/** An RFC 3339 date-time (with its offset) or a day, as the API takes them; anything else is dropped. */
const RECORDED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/

function readRecorded(value: string | null): string | null {
  if (!value) return null
  if (isIsoDate(value)) return value
  return RECORDED_DATE_TIME.test(value) && isIsoDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value)) ? value : null
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}
