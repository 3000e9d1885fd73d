import { ApiError, type Api } from '../api.ts'
import type { AgreementFeature, AgreementInput, AgreementPatch, Party, Versioned } from '../api-types.ts'
import { formatDate } from '../dates.ts'
import { el, replaceChildren } from '../dom.ts'
import { needsSignIn } from '../edit/form-errors.ts'
import { button } from '../edit/form-fields.ts'
import { agreementConflictView } from './agreement-conflict.ts'
import { agreementForm, type AgreementFormView } from './agreement-form.ts'
import { AGREEMENT_CLASS_LABELS, AGREEMENT_EFFECT_LABELS, AGREEMENT_FORM_LABELS, AGREEMENT_PURPOSE_LABELS } from './agreement-labels.ts'

interface Choices {
  parties: Party[]
  zones: { slug: string; name: string }[]
}

export interface AgreementsAdminOptions {
  api: Api
}

/** How many agreements the list asks for: all of them, for a dataset of this size. */
const AGREEMENTS_READ = 1000

/**
 * The agreements, for editors: the list (title, date, sort, zones), a form to create one, to edit
 * one (with the version it was read at: a stale save shows what changed, to reapply or reload) and
 * archiving.
 */
export class AgreementsAdmin {
  readonly element: HTMLElement
  readonly #options: AgreementsAdminOptions
  readonly #status: HTMLElement
  readonly #list: HTMLElement
  readonly #editor: HTMLElement
  #choices: Promise<Choices> | null = null

  constructor(options: AgreementsAdminOptions) {
    this.#options = options
    this.#status = el('p', { class: 'ta-admin-status', role: 'status' })
    this.#list = el('div', { class: 'ta-admin-agreements' })
    this.#editor = el('section', { class: 'ta-agreement-editor', 'aria-label': 'Agreement form' })
    this.element = el(
      'div',
      {},
      el('h2', {}, 'Agreements'),
      el('p', { class: 'ta-muted' }, 'The agreements behind the zones: who signed them, what they set up, and which zones they create, change, confirm or end.'),
      el('div', { class: 'ta-form-actions' }, button('New agreement', { class: 'ta-button ta-button-primary ta-new-agreement' }, () => void this.#open(null))),
      this.#status,
      this.#list,
      this.#editor,
    )
  }

  async load(): Promise<void> {
    this.#status.textContent = 'Loading the agreements…'
    try {
      const collection = await this.#options.api.agreements({ geometry: false, limit: AGREEMENTS_READ })
      this.#render(collection.features)
      const more = (collection.links ?? []).some((link) => link.rel === 'next')
      this.#status.textContent = more ? `The first ${collection.features.length} agreements (the list has more).` : `${collection.features.length} agreements.`
    } catch (error) {
      this.#status.textContent = `The agreements could not be loaded: ${error instanceof Error ? error.message : String(error)}`
    }
  }

  #render(agreements: readonly AgreementFeature[]): void {
    if (agreements.length === 0) {
      replaceChildren(this.#list, el('p', { class: 'ta-muted' }, 'No agreement recorded yet.'))
      return
    }
    const sorted = [...agreements].sort((a, b) => (b.properties.signed_on ?? '').localeCompare(a.properties.signed_on ?? '') || a.properties.title.localeCompare(b.properties.title, 'en'))
    replaceChildren(
      this.#list,
      el(
        'table',
        { class: 'ta-table ta-agreements-table' },
        el('caption', { class: 'visually-hidden' }, 'Agreements, the latest signed first'),
        el('thead', {}, el('tr', {}, ...['Agreement', 'Signed', 'Class, form, purpose', 'Zones', 'Version', 'Actions'].map((title) => el('th', { scope: 'col' }, title)))),
        el('tbody', {}, ...sorted.map((agreement) => this.#row(agreement))),
      ),
    )
  }

  #row(agreement: AgreementFeature): HTMLElement {
    const p = agreement.properties
    const actions = el('td', { class: 'ta-row-actions' })
    actions.append(
      button('Edit', { 'aria-label': `Edit ${p.title}` }, () => void this.#open(agreement)),
      button('Archive', { 'aria-label': `Archive ${p.title}` }, () => this.#confirmArchive(agreement, actions)),
    )
    const zones = p.zones.length
      ? el('ul', { class: 'ta-agreement-zones' }, ...p.zones.map((zone) => el('li', { 'data-zone': zone.slug }, `${zone.name} `, el('span', { class: 'ta-muted' }, `(${AGREEMENT_EFFECT_LABELS[zone.effect]})`))))
      : el('span', { class: 'ta-muted' }, '—')
    return el(
      'tr',
      { 'data-agreement': p.slug },
      el('th', { scope: 'row' }, el('span', { class: 'ta-agreement-title' }, p.title), el('span', { class: 'ta-muted ta-agreement-slug' }, p.slug)),
      el('td', {}, p.signed_on ? el('time', { datetime: p.signed_on }, formatDate(p.signed_on, p.signed_precision)) : el('span', { class: 'ta-muted' }, 'not known'), p.place ? el('span', { class: 'ta-muted ta-agreement-place' }, p.place) : null),
      el('td', {}, `${AGREEMENT_CLASS_LABELS[p.class]}, ${AGREEMENT_FORM_LABELS[p.form].toLowerCase()}, ${AGREEMENT_PURPOSE_LABELS[p.purpose].toLowerCase()}`),
      el('td', {}, zones),
      el('td', {}, String(p.version)),
      actions,
    )
  }

  /** Every party and zone, read once, to choose from. */
  #loadChoices(): Promise<Choices> {
    const { api } = this.#options
    this.#choices ??= Promise.all([api.parties(), api.zones({ geometry: false, limit: 'all', properties: ['slug', 'name'] })]).then(([parties, zones]) => ({
      parties,
      zones: zones.features.map((zone) => ({ slug: zone.properties.slug, name: zone.properties.name })),
    }))
    this.#choices.catch(() => (this.#choices = null))
    return this.#choices
  }

  /** Opens the form: empty for a new agreement, or filled with the agreement as stored now. */
  async #open(agreement: AgreementFeature | null): Promise<void> {
    replaceChildren(this.#editor, el('p', { class: 'ta-muted', role: 'status' }, agreement ? 'Loading the agreement as stored…' : 'Loading the parties and zones…'))
    let base: Versioned<AgreementFeature> | null = null
    let choices: Choices
    try {
      ;[base, choices] = await Promise.all([agreement ? this.#options.api.agreementForEdit(agreement.id) : null, this.#loadChoices()])
    } catch (error) {
      replaceChildren(this.#editor, el('p', { class: 'ta-error', role: 'alert' }, `The form could not be opened: ${error instanceof Error ? error.message : String(error)}`))
      return
    }
    this.#showForm(base, choices)
  }

  #showForm(base: Versioned<AgreementFeature> | null, choices: Choices): void {
    const headingId = 'ta-agreement-form-title'
    let current = base
    const view: AgreementFormView = agreementForm({
      base: base?.value ?? null,
      ...choices,
      onSubmit: (body) => void this.#save(body, view, () => current, (next) => (current = next)),
      onCancel: () => {
        replaceChildren(this.#editor)
        this.element.querySelector<HTMLElement>('.ta-new-agreement')?.focus()
      },
    })
    replaceChildren(this.#editor, el('h2', { id: headingId, tabindex: -1 }, base ? `Edit: ${base.value.properties.title}` : 'New agreement'), view.element)
    this.#editor.setAttribute('aria-labelledby', headingId)
    this.#editor.querySelector<HTMLElement>(`#${headingId}`)?.focus()
    this.#editor.scrollIntoView({ block: 'start' })
  }

  async #save(body: AgreementInput | AgreementPatch, view: AgreementFormView, base: () => Versioned<AgreementFeature> | null, rebase: (next: Versioned<AgreementFeature>) => void): Promise<void> {
    const { api } = this.#options
    const submit = view.element.querySelector<HTMLButtonElement>('button[type="submit"]')
    if (submit) submit.disabled = true
    view.element.setAttribute('aria-busy', 'true')
    const stored = base()
    try {
      const saved = stored ? await api.updateAgreement(stored.value.id, stored.etag, body) : await api.createAgreement(body as AgreementInput)
      replaceChildren(this.#editor)
      await this.load()
      this.#status.textContent = stored ? `${saved.value.properties.title} was saved (version ${saved.value.properties.version}).` : `${saved.value.properties.title} was created.`
      this.#list.querySelector<HTMLElement>(`tr[data-agreement="${CSS.escape(saved.value.properties.slug)}"] button`)?.focus()
    } catch (error) {
      if (stored && error instanceof ApiError && error.status === 412) {
        await this.#conflict(stored, body, view, rebase)
        return
      }
      view.errors.show(error, stored ? 'Not saved.' : 'The agreement was not created.')
      if (needsSignIn(error)) view.errors.summary.append(el('p', {}, el('a', { href: window.location.href }, 'Reload the page to sign in again.')))
    } finally {
      if (submit) submit.disabled = false
      view.element.removeAttribute('aria-busy')
    }
  }

  /** 412: what changed on the server beside the editor's change; reapply it onto the new version, or reload. */
  async #conflict(stored: Versioned<AgreementFeature>, patch: AgreementPatch, view: AgreementFormView, rebase: (next: Versioned<AgreementFeature>) => void): Promise<void> {
    let current: Versioned<AgreementFeature>
    try {
      current = await this.#options.api.agreementForEdit(stored.value.id)
    } catch (error) {
      view.errors.show(error, 'Someone saved this agreement first, and it could not be reloaded:')
      return
    }
    const conflict = agreementConflictView({
      base: stored.value,
      current: current.value,
      patch,
      onReapply: () => {
        conflict.remove()
        rebase(current)
        void this.#save(patch, view, () => current, rebase)
      },
      onReload: () => {
        void this.#loadChoices().then((choices) => {
          this.#showForm(current, choices)
          this.#status.textContent = `Your change was dropped; the form shows version ${current.value.properties.version}.`
        })
      },
    })
    this.#editor.querySelector('.ta-conflict')?.remove()
    view.element.before(conflict)
    conflict.querySelector<HTMLElement>('h3')?.focus()
  }

  #confirmArchive(agreement: AgreementFeature, cell: HTMLElement): void {
    const p = agreement.properties
    const yes = button(`Archive ${p.title}`, { class: 'ta-button ta-button-danger' })
    const no = button('Cancel', {}, () => void this.load())
    const note = el('p', { role: 'alert', class: 'ta-admin-confirm' }, 'It leaves the lists and the zones’ cards; the record is kept.')
    yes.addEventListener('click', () => {
      yes.disabled = true
      this.#options.api
        .agreementForEdit(agreement.id)
        .then((current) => {
          if (current.value.properties.version !== p.version) throw new Error(`it was changed (now version ${current.value.properties.version}) since this list was loaded: look again`)
          return this.#options.api.archiveAgreement(agreement.id, current.etag)
        })
        .then(() => this.load())
        .then(() => (this.#status.textContent = `${p.title} was archived.`))
        .catch((error: unknown) => {
          note.textContent = `Not archived: ${error instanceof Error ? error.message : String(error)}`
          yes.disabled = false
        })
    })
    replaceChildren(cell, note, yes, no)
    yes.focus()
  }
}
