import type { Api } from '../api.ts'
import type { AuditEntry, AuditQuery } from '../api-types.ts'
import { el, replaceChildren } from '../dom.ts'
import { FormErrors } from '../edit/form-errors.ts'
import { field, input } from '../edit/form-fields.ts'

export interface AuditAdminOptions {
  api: Api
}

const ACTION_LABELS: Record<string, string> = {
  'zone.create': 'created the zone',
  'zone.update': 'edited the zone',
  'zone.status': 'changed the status',
  'zone.status.undo': 'undid a status change',
  'zone.archive': 'archived the zone',
  'zone.restore': 'restored the zone',
  'party.create': 'created the party',
  'party.update': 'edited the party',
  'api_token.revoke': 'revoked the API token',
  'webhook.create': 'registered the webhook',
  'webhook.update': 'changed the webhook',
  'webhook.delete': 'deleted the webhook',
}

/** Keys of the zone snapshots that change with every write and say nothing by themselves. */
const NOISE = new Set(['updated_at', 'version'])

/** The audit log, for admins: who changed what and when, filtered by zone, account and dates. */
export class AuditAdmin {
  readonly element: HTMLElement
  readonly #options: AuditAdminOptions
  readonly #results: HTMLElement
  readonly #form: HTMLFormElement
  readonly #errors: FormErrors

  constructor(options: AuditAdminOptions) {
    this.#options = options
    this.#results = el('div', { class: 'ta-audit-results', 'aria-live': 'polite' })
    this.#form = el('form', { class: 'ta-form ta-audit-filter', 'aria-label': 'Filter the audit log', novalidate: true })
    this.#errors = new FormErrors(this.#form)
    this.#form.append(
      this.#errors.summary,
      el(
        'div',
        { class: 'ta-filter-row' },
        field('Zone (slug or id)', input('zone', { maxlength: 100, autocomplete: 'off' })),
        field('Account', input('user', { maxlength: 40, autocomplete: 'off' })),
        field('From', input('from', { type: 'date' })),
        field('To', input('to', { type: 'date' })),
        field('At most', input('limit', { type: 'number', min: 1, max: 1000, value: 100 })),
      ),
      el('div', { class: 'ta-form-actions' }, el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Show')),
    )
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault()
      void this.load()
    })
    this.element = el('div', {}, el('h2', {}, 'Audit log'), this.#form, this.#results)
  }

  async load(): Promise<void> {
    this.#errors.clear()
    const value = (name: string) => (this.#form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() || undefined
    const query: AuditQuery = {}
    for (const key of ['zone', 'user', 'from', 'to'] as const) {
      const found = value(key)
      if (found) query[key] = found
    }
    const limit = Number(value('limit') ?? 100)
    query.limit = Number.isInteger(limit) && limit >= 1 && limit <= 1000 ? limit : 100
    try {
      this.#render(await this.#options.api.audit(query))
    } catch (error) {
      this.#errors.show(error, 'The audit log could not be read.')
    }
  }

  #render(entries: readonly AuditEntry[]): void {
    if (entries.length === 0) {
      replaceChildren(this.#results, el('p', { class: 'ta-muted' }, 'No entry matches.'))
      return
    }
    replaceChildren(
      this.#results,
      el('p', { class: 'ta-muted' }, `${entries.length} entries, newest first.`),
      el(
        'table',
        { class: 'ta-table ta-audit-table' },
        el('caption', { class: 'visually-hidden' }, 'Audit log entries'),
        el('thead', {}, el('tr', {}, ...['When', 'Who', 'What', 'Changes'].map((title) => el('th', { scope: 'col' }, title)))),
        el('tbody', {}, ...entries.map((entry) => this.#row(entry))),
      ),
    )
  }

  #row(entry: AuditEntry): HTMLElement {
    const snapshot = (entry.after ?? entry.before ?? {}) as { name?: unknown; slug?: unknown }
    const subject = typeof snapshot.name === 'string' ? snapshot.name : `${entry.entity} ${entry.entity_id}`
    const changes = changedFields(entry.before, entry.after)
    return el(
      'tr',
      { 'data-action': entry.action, 'data-entry': entry.id },
      el('td', {}, el('time', { datetime: entry.at }, entry.at.slice(0, 19).replace('T', ' '))),
      el('td', {}, entry.username, entry.api_token_name === null ? null : el('span', { class: 'ta-muted' }, ` with the API token “${entry.api_token_name}”`)),
      el('td', {}, `${ACTION_LABELS[entry.action] ?? entry.action}: `, el('strong', {}, subject)),
      el(
        'td',
        {},
        changes.length ? el('ul', { class: 'ta-audit-changes' }, ...changes.map((change) => el('li', {}, change))) : el('span', { class: 'ta-muted' }, '—'),
        el('details', {}, el('summary', {}, 'Before and after'), el('pre', { class: 'ta-audit-json' }, JSON.stringify({ before: entry.before, after: entry.after }, null, 2))),
      ),
    )
  }
}

/** "status: agreed → active", one per field that differs between the snapshots (shapes: "geometry changed"). */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!before || !after) return [] // a creation: the whole record is in "Before and after"
  const a = (before ?? {}) as Record<string, unknown>
  const b = (after ?? {}) as Record<string, unknown>
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => !NOISE.has(key)).sort()
  const changes: string[] = []
  for (const key of keys) {
    const was = JSON.stringify(a[key] ?? null)
    const is = JSON.stringify(b[key] ?? null)
    if (was === is) continue
    if (key === 'geometry' || key === 'geom') changes.push(`${key} changed`)
    else changes.push(`${key}: ${short(was)} → ${short(is)}`)
  }
  return changes
}

function short(json: string): string {
  return json.length > 80 ? `${json.slice(0, 77)}…` : json
}
