import type { Api } from '../api.ts'
import type { AuditEntry, ZoneFeature } from '../api-types.ts'
import { el, replaceChildren } from '../dom.ts'
import { KIND_LABELS, STATUS_LABELS } from '../labels.ts'
import { button } from '../edit/form-fields.ts'

export interface ZonesAdminOptions {
  api: Api
  /** Admins also see the archived zones, to restore them. */
  isAdmin: boolean
}

export interface ArchivedZone {
  id: number
  slug: string
  name: string
  /** The version a restore must name. */
  version: number
  /** When it was archived (its last change). */
  at: string
  /** Who archived it, from the audit log; null when the entry is older than the entries read. */
  by: string | null
}

/** How many audit entries are read to say who archived each zone. */
const AUDIT_ENTRIES_READ = 1000

/**
 * The zones: each with its status and version, a link to edit it on the map, and archiving (for
 * every editor); for admins, the archived zones (`GET /zones?archived=true`) with a restore button,
 * and who archived each one as the audit log tells.
 */
export class ZonesAdmin {
  readonly element: HTMLElement
  readonly #options: ZonesAdminOptions
  readonly #status: HTMLElement
  readonly #active: HTMLElement
  readonly #archived: HTMLElement

  constructor(options: ZonesAdminOptions) {
    this.#options = options
    this.#status = el('p', { class: 'ta-admin-status', role: 'status' })
    this.#active = el('div', { class: 'ta-admin-zones' })
    this.#archived = el('div', { class: 'ta-admin-archived' })
    this.element = el(
      'div',
      {},
      el('h2', {}, 'Zones'),
      el('p', { class: 'ta-muted' }, 'Change a zone’s status, details, parties and shape from its card on the map.'),
      this.#status,
      this.#active,
      options.isAdmin ? el('h2', {}, 'Archived zones') : null,
      options.isAdmin ? this.#archived : null,
    )
  }

  async load(): Promise<void> {
    this.#status.textContent = 'Loading the zones…'
    try {
      const api = this.#options.api
      const [zones, archived, audit] = await Promise.all([
        api.zones(),
        this.#options.isAdmin ? api.zones({ archived: true, geometry: false, limit: 'all', properties: ['slug', 'name', 'version', 'updated_at'] }) : null,
        this.#options.isAdmin ? api.audit({ limit: AUDIT_ENTRIES_READ }) : [],
      ])
      this.#renderZones(zones.features)
      if (archived) this.#renderArchived(archivedZones(archived.features, audit))
      this.#status.textContent = `${zones.features.length} zones.`
    } catch (error) {
      this.#status.textContent = `The zones could not be loaded: ${error instanceof Error ? error.message : String(error)}`
    }
  }

  #renderZones(zones: readonly ZoneFeature[]): void {
    const sorted = [...zones].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'en'))
    replaceChildren(
      this.#active,
      el(
        'table',
        { class: 'ta-table ta-zones-table' },
        el('caption', { class: 'visually-hidden' }, 'Zones on the map'),
        el('thead', {}, el('tr', {}, ...['Zone', 'Kind', 'Status', 'Version', 'Last change', 'Actions'].map((title) => el('th', { scope: 'col' }, title)))),
        el(
          'tbody',
          {},
          ...sorted.map((zone) => {
            const p = zone.properties
            const actions = el('td', { class: 'ta-row-actions' })
            const archive = button('Archive', { 'aria-label': `Archive ${p.name}` }, () => this.#confirmArchive(zone, actions))
            actions.append(el('a', { href: `/?zone=${encodeURIComponent(p.slug)}`, 'aria-label': `Edit ${p.name} on the map` }, 'Edit on the map'), archive)
            return el(
              'tr',
              { 'data-zone': p.slug },
              el('th', { scope: 'row' }, p.name),
              el('td', {}, KIND_LABELS[p.kind]),
              el('td', { 'data-status': p.status }, `${STATUS_LABELS[p.status]} since ${p.status_since}`),
              el('td', {}, String(p.version)),
              el('td', {}, p.updated_at?.slice(0, 16).replace('T', ' ') ?? ''),
              actions,
            )
          }),
        ),
      ),
    )
  }

  #confirmArchive(zone: ZoneFeature, cell: HTMLElement): void {
    const p = zone.properties
    const yes = button(`Archive ${p.name}`, { class: 'ta-button ta-button-danger' })
    const no = button('Cancel', {}, () => void this.load())
    const note = el('p', { role: 'alert', class: 'ta-admin-confirm' }, 'It leaves the map; an admin can restore it.')
    yes.addEventListener('click', () => {
      yes.disabled = true
      this.#options.api
        .zoneForEdit(zone.id)
        .then((current) => {
          if (current.value.properties.version !== p.version) throw new Error(`it was changed (now version ${current.value.properties.version}) since this list was loaded: look again`)
          return this.#options.api.archiveZone(zone.id, current.etag)
        })
        .then(() => this.load())
        .then(() => (this.#status.textContent = `${p.name} was archived.`))
        .catch((error: unknown) => {
          note.textContent = `Not archived: ${error instanceof Error ? error.message : String(error)}`
          yes.disabled = false
        })
    })
    replaceChildren(cell, note, yes, no)
    yes.focus()
  }

  #renderArchived(zones: readonly ArchivedZone[]): void {
    if (zones.length === 0) {
      replaceChildren(this.#archived, el('p', { class: 'ta-muted' }, 'No archived zone.'))
      return
    }
    replaceChildren(
      this.#archived,
      el(
        'table',
        { class: 'ta-table ta-archived-table' },
        el('caption', { class: 'visually-hidden' }, 'Archived zones'),
        el('thead', {}, el('tr', {}, ...['Zone', 'Archived', 'By', 'Actions'].map((title) => el('th', { scope: 'col' }, title)))),
        el(
          'tbody',
          {},
          ...zones.map((zone) => {
            const restore = button('Restore', { 'aria-label': `Restore ${zone.name}` })
            const cell = el('td', { class: 'ta-row-actions' }, restore)
            restore.addEventListener('click', () => {
              restore.disabled = true
              this.#options.api
                .restoreZone(zone.id, `"zone-${zone.id}-v${zone.version}"`)
                .then(() => this.load())
                .then(() => (this.#status.textContent = `${zone.name} was restored.`))
                .catch((error: unknown) => {
                  cell.append(el('p', { role: 'alert', class: 'ta-field-error' }, `Not restored: ${error instanceof Error ? error.message : String(error)}`))
                  restore.disabled = false
                })
            })
            const by = zone.by ?? el('span', { class: 'ta-muted', title: `Not among the latest ${AUDIT_ENTRIES_READ} audit entries` }, 'see the audit log')
            return el('tr', { 'data-zone': zone.slug }, el('th', { scope: 'row' }, zone.name), el('td', {}, zone.at.slice(0, 16).replace('T', ' ')), el('td', {}, by), cell)
          }),
        ),
      ),
    )
  }
}

/**
 * The archived zones (as `GET /zones?archived=true` lists them) by name, each with who archived it:
 * the latest `zone.archive` entry of the audit log (newest entry first) for that zone, if read.
 */
export function archivedZones(zones: readonly ZoneFeature[], entries: readonly AuditEntry[]): ArchivedZone[] {
  const archivedBy = new Map<number, string>()
  for (const entry of entries) {
    if (entry.action === 'zone.archive' && entry.zone_id !== null && !archivedBy.has(entry.zone_id)) archivedBy.set(entry.zone_id, entry.username)
  }
  return zones
    .map((zone) => ({
      id: zone.id,
      slug: zone.properties.slug,
      name: zone.properties.name,
      version: zone.properties.version,
      at: zone.properties.updated_at ?? '',
      by: archivedBy.get(zone.id) ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'))
}
