import { PARTY_TYPES, ROLES, SLUG_PATTERN, type PartyType, type Role } from '../../../server/domain/parties.ts'
import type { Party, PartyAssignment, ZoneFeature } from '../api-types.ts'
import { el, replaceChildren } from '../dom.ts'
import { ROLE_LABELS } from '../labels.ts'
import { FormErrors } from './form-errors.ts'
import { button, field, input, select, valueOrNull } from './form-fields.ts'
import type { EditForm, EditFormActions } from './status-form.ts'

export interface PartiesFormOptions extends EditFormActions {
  /** Every party there is, to choose from. */
  parties: readonly Party[]
  /** Admins may create a party here. */
  createParty?: (party: { slug: string; name: string; type: PartyType }) => Promise<Party>
}

const TYPE_LABELS: Record<PartyType, string> = {
  state: 'State',
  'armed-group': 'Armed group',
  coalition: 'Coalition',
  'international-organisation': 'International organisation',
}

/**
 * Who takes part in a zone and in which role: remove a party, add one (a party and a role, with an
 * optional note), or, for admins, create a party first. Saving sends the whole list.
 */
export function partiesForm(base: ZoneFeature, options: PartiesFormOptions): EditForm {
  const form = el('form', { class: 'ta-form ta-parties-form', 'aria-label': 'Edit the parties', novalidate: true })
  const errors = new FormErrors(form, { party: 'parties', role: 'parties' })
  const known = new Map(options.parties.map((party) => [party.slug, party]))
  const assignments: (PartyAssignment & { name: string })[] = base.properties.parties.map((party) => ({
    party: party.slug,
    role: party.role,
    name: party.name,
    ...(party.note ? { note: party.note } : {}),
  }))
  const list = el('ul', { class: 'ta-edit-parties', 'aria-label': 'Parties of this zone' })
  const status = el('p', { class: 'visually-hidden', role: 'status' })

  const partyChoice = select('party', partyOptions(options.parties))
  const roleChoice = select<Role>('role', ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] })), 'signatory')
  const note = input('note', { maxlength: 1000 })
  const add = button('Add the party', {}, () => {
    const slug = partyChoice.value
    const role = roleChoice.value as Role
    if (!slug) return
    if (assignments.some((item) => item.party === slug && item.role === role)) {
      errors.fieldError('parties', `${known.get(slug)?.name ?? slug} is already a ${ROLE_LABELS[role]}.`)
      return
    }
    const noteText = valueOrNull(note)
    assignments.push({ party: slug, role, name: known.get(slug)?.name ?? slug, ...(noteText ? { note: noteText } : {}) })
    note.value = ''
    render()
    status.textContent = `Added ${known.get(slug)?.name ?? slug} as ${ROLE_LABELS[role]}. Save to keep it.`
  })

  note.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    add.click()
  })

  function render(): void {
    replaceChildren(
      list,
      ...assignments.map((item, index) => {
        const remove = button('Remove', { 'aria-label': `Remove ${item.name} (${ROLE_LABELS[item.role]})` }, () => {
          assignments.splice(index, 1)
          render()
          status.textContent = `Removed ${item.name}. Save to keep the change.`
          list.querySelector<HTMLButtonElement>('button')?.focus()
        })
        const label = el('span', {}, `${item.name} (${ROLE_LABELS[item.role]})`)
        const note = item.note ? el('span', { class: 'ta-muted ta-edit-party-note' }, item.note) : null
        return el('li', { class: 'ta-edit-party', 'data-party': item.party, 'data-role': item.role }, label, ...(note ? [note] : []), remove)
      }),
    )
    if (assignments.length === 0) list.append(el('li', { class: 'ta-muted' }, 'No party recorded.'))
  }
  render()

  const create = options.createParty ? createPartyFields(options.createParty, (party) => {
    known.set(party.slug, party)
    replaceChildren(partyChoice, ...partyOptions([...known.values()]).map((option) => el('option', { value: option.value }, option.label)))
    partyChoice.value = party.slug
    status.textContent = `Created ${party.name}; choose its role and add it.`
    partyChoice.focus()
  }) : null

  const save = el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Save the parties')
  form.append(
    errors.summary,
    list,
    el('p', { class: 'ta-field-error', 'data-error-for': 'parties' }),
    el('fieldset', { class: 'ta-fieldset' }, el('legend', {}, 'Add a party'), field('Party', partyChoice), field('Role', roleChoice), field('Note', note), add),
    ...(create ? [create] : []),
    status,
    el('p', { class: 'ta-hint' }, 'Saving replaces the list. Notes kept on the existing parties are not shown here and are cleared by a save.'),
    el('div', { class: 'ta-form-actions' }, save, button('Cancel', {}, options.onCancel)),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    errors.clear()
    options.onSubmit({ type: 'patch', patch: { parties: assignments.map(({ party, role, note }) => ({ party, role, ...(note ? { note } : {}) })) } })
  })
  return { element: form, errors }
}

function partyOptions(parties: readonly Party[]): { value: string; label: string }[] {
  return [...parties].sort((a, b) => a.name.localeCompare(b.name, 'en')).map((party) => ({ value: party.slug, label: party.name }))
}

/** Admins: a party that is not in the list yet (slug, name, type). */
function createPartyFields(create: NonNullable<PartiesFormOptions['createParty']>, onCreated: (party: Party) => void): HTMLElement {
  const box = el('details', { class: 'ta-create-party' })
  const errors = new FormErrors(box, { slug: 'new_slug', name: 'new_name', type: 'new_type' })
  const slug = input('new_slug', { maxlength: 100, pattern: SLUG_PATTERN, autocomplete: 'off' })
  const name = input('new_name', { maxlength: 200 })
  const type = select<PartyType>('new_type', PARTY_TYPES.map((value) => ({ value, label: TYPE_LABELS[value] })), 'armed-group')
  const make = button('Create the party', {}, () => {
    errors.clear()
    if (!new RegExp(SLUG_PATTERN).test(slug.value.trim())) errors.fieldError('new_slug', 'Lowercase words joined by hyphens, e.g. free-syrian-army.')
    if (!valueOrNull(name)) errors.fieldError('new_name', 'Give the party a name.')
    if (box.querySelector('[aria-invalid="true"]')) return
    make.disabled = true
    create({ slug: slug.value.trim(), name: name.value.trim(), type: type.value as PartyType })
      .then((party) => {
        slug.value = ''
        name.value = ''
        box.open = false
        onCreated(party)
      })
      .catch((error: unknown) => errors.show(error, 'The party was not created.'))
      .finally(() => (make.disabled = false))
  })
  // Enter in these fields creates the party rather than submitting the whole form.
  box.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return
    event.preventDefault()
    make.click()
  })
  box.append(
    el('summary', {}, 'Create a party (admins)'),
    errors.summary,
    field('Slug', slug, 'Lowercase words joined by hyphens.'),
    field('Name', name),
    field('Type', type),
    make,
  )
  return box
}
