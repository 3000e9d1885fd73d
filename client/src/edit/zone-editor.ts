import type { Geometry } from 'geojson'
import { undoableEntry } from '../../../server/domain/history.ts'
import type { Kind } from '../../../server/domain/kinds.ts'
import { ApiError, type Api } from '../api.ts'
import type { HistoryEntry, Party, Versioned, ZoneFeature } from '../api-types.ts'
import type { Session } from '../auth/session.ts'
import { formatDate } from '../dates.ts'
import { el, replaceChildren } from '../dom.ts'
import { STATUS_LABELS } from '../labels.ts'
import { BoundaryFields } from './boundary-fields.ts'
import { detailsForm } from './details-form.ts'
import { FormErrors, needsSignIn } from './form-errors.ts'
import { signInForm } from '../auth/sign-in-form.ts'
import { button } from './form-fields.ts'
import { partiesForm } from './parties-form.ts'
import { archiveForm, undoForm } from './confirm-forms.ts'
import { ShapeFields } from './shape-fields.ts'
import type { ShapeSession } from './shape-session.ts'
import { statusForm, type AgreementChoices, type EditForm } from './status-form.ts'
import type { LocalChange } from './zone-diff.ts'
import { zoneConflictView } from './zone-conflict.ts'

export interface ZoneEditorOptions {
  api: Api
  session: Session
  feature: ZoneFeature
  /** Every party, loaded once. */
  parties: () => Promise<Party[]>
  /** Starts editing a shape on the map (ending any other). */
  startShape: (geometry: Geometry | null, kind: Kind, onChange: (geometry: Geometry | null) => void) => ShapeSession
  /** A change was saved: the page shows it at once (the change event follows for everyone). */
  onSaved: (feature: ZoneFeature) => void
  onArchived: (feature: ZoneFeature) => void
}

/** The most agreements the status form offers (all of them, for a dataset of this size). */
const AGREEMENTS_OFFERED = 1000

type Panel = 'status' | 'details' | 'parties' | 'shape' | 'archive' | 'undo'

const PANEL_LABELS: Record<Exclude<Panel, 'undo'>, string> = {
  status: 'Change status',
  details: 'Edit details',
  parties: 'Parties',
  shape: 'Edit shape',
  archive: 'Archive',
}

/**
 * The editing part of a zone's card, for signed-in editors: change the status, the details, the
 * parties and the shape, archive the zone, undo the latest status change. Each form starts from the
 * zone as stored (with its ETag); a save that someone else beat shows the conflict view.
 * The section outlives the card's redraws, so an open form survives a live update.
 */
export class ZoneEditor {
  readonly element: HTMLElement
  readonly #options: ZoneEditorOptions
  readonly #body: HTMLElement
  readonly #notice: HTMLElement
  readonly #buttons = new Map<Panel, HTMLButtonElement>()
  #feature: ZoneFeature
  #base: Versioned<ZoneFeature> | null = null
  #panel: Panel | null = null
  #shape: ShapeSession | null = null
  /** The shape form's question: a correction or a new version (while that form is open). */
  #boundary: BoundaryFields | null = null
  #staleNotice: HTMLElement | null = null

  constructor(options: ZoneEditorOptions) {
    this.#options = options
    this.#feature = options.feature
    this.#body = el('div', { class: 'ta-editor-body' })
    this.#notice = el('p', { class: 'ta-editor-notice', role: 'status', tabindex: -1 })
    const actions = el(
      'div',
      { class: 'ta-editor-actions' },
      ...(Object.keys(PANEL_LABELS) as (keyof typeof PANEL_LABELS)[]).map((panel) => {
        const element = button(PANEL_LABELS[panel], { class: `ta-button ta-editor-${panel}`, 'aria-expanded': 'false', 'aria-controls': '' }, () => {
          if (this.#panel === panel) this.close()
          else void this.open(panel)
        })
        this.#buttons.set(panel, element)
        return element
      }),
    )
    const headingId = `ta-editor-title-${options.feature.id}`
    this.#body.id = `ta-editor-body-${options.feature.id}`
    for (const element of this.#buttons.values()) element.setAttribute('aria-controls', this.#body.id)
    this.element = el(
      'section',
      { class: 'ta-editor', 'aria-labelledby': headingId, 'data-zone': options.feature.properties.slug },
      el('h3', { id: headingId }, 'Edit this zone'),
      actions,
      this.#notice,
      this.#body,
    )
    // Escape closes the open form first (the panel closes the card on the next one).
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !this.#panel) return
      event.preventDefault()
      event.stopPropagation()
      this.close(true)
    })
  }

  get slug(): string {
    return this.#feature.properties.slug
  }

  /** The zone as the map now shows it (after a live update). */
  update(feature: ZoneFeature): void {
    this.#feature = feature
    const base = this.#base?.value
    if (!base || !this.#panel || feature.properties.version <= base.properties.version) return
    if (!this.#staleNotice) {
      this.#staleNotice = el('p', { class: 'ta-stale', role: 'status' })
      this.#body.prepend(this.#staleNotice)
    }
    this.#staleNotice.textContent = `Someone changed this zone (now version ${feature.properties.version}) after you opened this form. Saving will show you what changed first.`
  }

  /** An "Undo" button for the timeline's latest change, when it can be undone. */
  timelineAction(entry: HistoryEntry, history: readonly HistoryEntry[]): HTMLElement | null {
    if (undoableEntry([...history])?.id !== entry.id) return null
    return button('Undo this change', { class: 'ta-button ta-undo-change', 'data-change': String(entry.id) }, () => void this.open('undo', entry))
  }

  async open(panel: Panel, entry?: HistoryEntry): Promise<void> {
    this.close()
    this.#panel = panel
    this.#setExpanded()
    replaceChildren(this.#body, el('p', { class: 'ta-muted', role: 'status' }, 'Loading the zone as stored…'))
    try {
      this.#base = await this.#options.api.zoneForEdit(this.#feature.id)
    } catch (error) {
      replaceChildren(this.#body, el('p', { class: 'ta-error', role: 'alert' }, `The zone could not be loaded: ${error instanceof Error ? error.message : String(error)}`))
      return
    }
    if (this.#panel !== panel) return // another choice meanwhile
    const base = this.#base.value
    const actions = { onSubmit: (change: LocalChange) => void this.#save(change, form), onCancel: () => this.close(true) }
    let form: EditForm
    switch (panel) {
      case 'status':
        form = statusForm(base, actions, await this.#agreementChoices(base.id))
        if (this.#panel !== panel) return
        break
      case 'details':
        form = detailsForm(base, actions)
        break
      case 'parties':
        form = partiesForm(base, {
          ...actions,
          parties: await this.#options.parties().catch(() => []),
          ...(this.#options.session.isAdmin ? { createParty: (party) => this.#options.api.createParty(party) } : {}),
        })
        break
      case 'shape':
        form = this.#shapeForm(base, actions)
        break
      case 'archive':
        form = archiveForm(actions)
        break
      case 'undo':
        form = undoForm(entry, actions)
        break
    }
    replaceChildren(this.#body, form.element)
    form.element.querySelector<HTMLElement>('input, select, textarea, button')?.focus()
  }

  /** The agreements to offer in the status form: this zone's, then all; none when they cannot be read. */
  async #agreementChoices(zoneId: number): Promise<AgreementChoices> {
    const { api } = this.#options
    try {
      const [zone, all] = await Promise.all([api.agreements({ zone: zoneId, geometry: false }), api.agreements({ geometry: false, limit: AGREEMENTS_OFFERED })])
      return { zone: zone.features, others: all.features }
    } catch (error) {
      console.info('the agreements could not be read', error)
      return { zone: [], others: [] }
    }
  }

  /** Closes the open form (and ends shape editing); `returnFocus` puts the focus back on its button. */
  close(returnFocus = false): void {
    const panel = this.#panel
    this.#shape?.stop()
    this.#shape = null
    this.#boundary = null
    this.#panel = null
    this.#staleNotice = null
    this.#body.replaceChildren()
    this.#setExpanded()
    if (returnFocus && panel && panel !== 'undo') this.#buttons.get(panel)?.focus()
  }

  destroy(): void {
    this.close()
    this.element.remove()
  }

  #shapeForm(base: ZoneFeature, actions: { onSubmit: (change: LocalChange) => void; onCancel: () => void }): EditForm {
    const form = el('form', { class: 'ta-form ta-shape-form', 'aria-label': 'Edit the shape', novalidate: true })
    const errors = new FormErrors(form, { geometry: 'geometry' })
    const fields = new ShapeFields({ onApply: (geometry) => this.#shape?.editor.setGeometry(geometry) })
    this.#shape = this.#options.startShape(base.geometry, base.properties.kind, (geometry) => fields.show(geometry))
    fields.show(this.#shape.editor.geometry())
    const boundary = new BoundaryFields()
    this.#boundary = boundary
    this.#showVersions(base.id)
    form.append(
      el('p', { class: 'ta-form-intro' }, 'Change the shape on the map with the shape tools (top left): move, add and remove vertices, cut holes, rotate; it snaps to the other zones. Undo and redo as you go; nothing is saved until you save.'),
      errors.summary,
      fields.element,
      boundary.element,
      el('div', { class: 'ta-form-actions' }, el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Save the shape'), button('Cancel', {}, actions.onCancel)),
    )
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      errors.clear()
      const geometry = this.#shape?.editor.geometry() ?? null
      const change = boundary.read(errors)
      if (change === null) {
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
        return
      }
      actions.onSubmit({ type: 'patch', patch: { geometry, ...(change ? { boundary: change } : {}) } })
    })
    return { element: form, errors }
  }

  /** The outline's versions so far tell the earliest day a new one may take effect; the form works without them. */
  #showVersions(zoneId: number): void {
    const boundary = this.#boundary
    if (!boundary) return
    this.#options.api
      .zoneBoundaries(zoneId)
      .then((found) => boundary.showVersions(found.boundaries))
      .catch((error: unknown) => console.info('the outline versions could not be read', error))
  }

  async #save(change: LocalChange, form: EditForm): Promise<void> {
    const base = this.#base
    if (!base) return
    form.errors.clear()
    const submit = form.element.querySelector<HTMLButtonElement>('button[type="submit"]')
    if (submit) submit.disabled = true
    form.element.setAttribute('aria-busy', 'true')
    try {
      const saved = await this.#send(change, base)
      this.#done(change, saved)
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        await this.#conflict(change, form)
        return
      }
      if (change.type === 'patch' && change.patch.geometry !== undefined && error instanceof ApiError && error.status === 422) {
        this.#shape?.editor.showProblems(error.problem?.errors ?? [], change.patch.geometry)
      }
      form.errors.show(error, 'Not saved.')
      if (needsSignIn(error)) this.#signInAgain(form)
    } finally {
      if (submit) submit.disabled = false
      form.element.removeAttribute('aria-busy')
    }
  }

  async #send(change: LocalChange, base: Versioned<ZoneFeature>): Promise<Versioned<ZoneFeature> | null> {
    const { api } = this.#options
    const id = base.value.id
    switch (change.type) {
      case 'patch':
        return api.updateZone(id, base.etag, change.patch)
      case 'status':
        return api.changeStatus(id, base.etag, change.body)
      case 'undo':
        return api.undoStatusChange(id, base.etag, change.reason)
      case 'archive':
        await api.archiveZone(id, base.etag)
        return null
    }
  }

  #done(change: LocalChange, saved: Versioned<ZoneFeature> | null): void {
    const base = this.#base!.value
    const panel = this.#panel
    this.close(panel !== 'undo')
    if (panel === 'undo') this.#notice.focus()
    if (!saved) {
      this.#notice.textContent = 'Archived.'
      this.#options.onArchived(base)
      return
    }
    this.#base = saved
    this.#notice.textContent =
      change.type === 'status'
        ? `Saved: now ${STATUS_LABELS[saved.value.properties.status].toLowerCase()} since ${saved.value.properties.status_since}.`
        : change.type === 'undo'
          ? `Undone: now ${STATUS_LABELS[saved.value.properties.status].toLowerCase()} again.`
          : savedText(change)
    this.#options.onSaved(saved.value)
  }

  /** 412: shows what changed on the server beside the change, to reapply onto the new version or discard. */
  async #conflict(change: LocalChange, form: EditForm): Promise<void> {
    const base = this.#base!.value
    let current: Versioned<ZoneFeature>
    try {
      current = await this.#options.api.zoneForEdit(base.id)
    } catch (error) {
      form.errors.show(error, 'Someone saved this zone first, and it could not be reloaded:')
      return
    }
    this.#showVersions(base.id) // someone may have added a version meanwhile
    const partyNames = new Map((await this.#options.parties().catch(() => [] as Party[])).map((party) => [party.slug, party.name]))
    const view = zoneConflictView({
      base,
      current: current.value,
      change,
      partyNames,
      onReapply: () => {
        this.#base = current
        view.remove()
        void this.#save(change, form)
      },
      onDiscard: () => {
        this.#base = current
        this.close()
        this.#notice.textContent = `Your change was discarded; the card shows version ${current.value.properties.version}.`
        this.#options.onSaved(current.value)
      },
    })
    this.#body.querySelector('.ta-conflict')?.remove()
    this.#body.prepend(view)
    view.querySelector<HTMLElement>('h4')?.focus()
  }

  /** The session ended under an open form: sign in again in place, the form and its text stay. */
  #signInAgain(form: EditForm): void {
    const box = el('div', { class: 'ta-sign-in-again' })
    box.append(
      signInForm({
        session: this.#options.session,
        onSignedIn: () => {
          box.remove()
          form.errors.clear()
          form.element.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus()
        },
      }),
    )
    form.element.before(box) // beside the form, not inside it: forms do not nest
    box.querySelector<HTMLInputElement>('input[name="username"]')?.focus()
  }

  #setExpanded(): void {
    for (const [panel, element] of this.#buttons) element.setAttribute('aria-expanded', String(this.#panel === panel))
  }
}

/** What the notice says after a save of the details, the parties or the shape. */
function savedText(change: LocalChange): string {
  const boundary = change.type === 'patch' ? change.patch.boundary : undefined
  if (boundary?.change === 'new-version' && boundary.effective_date) return `Saved: a new outline, in force from ${formatDate(boundary.effective_date, boundary.effective_precision)}.`
  return 'Saved.'
}
