import { PASSWORD_MIN_LENGTH, USER_ROLES, USERNAME_PATTERN, type UserRole } from '../../../server/domain/users.ts'
import type { Api } from '../api.ts'
import type { ApiTokenInfo, User } from '../api-types.ts'
import { el, replaceChildren } from '../dom.ts'
import { FormErrors } from '../edit/form-errors.ts'
import { button, field, input, select } from '../edit/form-fields.ts'

export interface UsersAdminOptions {
  api: Api
  /** The signed-in admin, who may not demote or disable themselves. */
  self: string
}

const ROLE_NAMES: Record<UserRole, string> = { editor: 'Editor', admin: 'Admin' }

/**
 * Accounts, for admins: create one, change a role, disable or enable, reset a password, and see and
 * revoke an account's API tokens.
 */
export class UsersAdmin {
  readonly element: HTMLElement
  readonly #options: UsersAdminOptions
  readonly #list: HTMLElement
  readonly #status: HTMLElement
  readonly #tokens: HTMLElement

  constructor(options: UsersAdminOptions) {
    this.#options = options
    this.#list = el('div', { class: 'ta-admin-users' })
    this.#status = el('p', { class: 'ta-admin-status', role: 'status' })
    this.#tokens = el('section', { class: 'ta-admin-tokens', 'aria-label': 'API tokens', hidden: true })
    this.element = el('div', {}, el('h2', {}, 'Accounts'), this.#status, this.#list, this.#tokens, el('h2', {}, 'New account'), this.#createForm())
  }

  async load(): Promise<void> {
    try {
      this.#render(await this.#options.api.users())
    } catch (error) {
      this.#status.textContent = `The accounts could not be loaded: ${error instanceof Error ? error.message : String(error)}`
    }
  }

  #render(users: readonly User[]): void {
    replaceChildren(
      this.#list,
      el(
        'table',
        { class: 'ta-table ta-users-table' },
        el('caption', { class: 'visually-hidden' }, 'Accounts'),
        el('thead', {}, el('tr', {}, ...['Account', 'Role', 'State', 'Created', 'Actions'].map((title) => el('th', { scope: 'col' }, title)))),
        el('tbody', {}, ...users.map((user) => this.#row(user))),
      ),
    )
  }

  #row(user: User): HTMLElement {
    const self = user.username === this.#options.self
    const role = select<UserRole>('role', USER_ROLES.map((value) => ({ value, label: ROLE_NAMES[value] })), user.role, { 'aria-label': `Role of ${user.username}`, disabled: self })
    role.addEventListener('change', () => this.#update(user, { role: role.value as UserRole }, `${user.username} is now ${ROLE_NAMES[role.value as UserRole].toLowerCase()}.`))
    const toggle = button(user.disabled ? 'Enable' : 'Disable', { 'aria-label': `${user.disabled ? 'Enable' : 'Disable'} ${user.username}`, disabled: self }, () =>
      this.#update(user, { disabled: !user.disabled }, user.disabled ? `${user.username} is enabled; they sign in again.` : `${user.username} is disabled; their sign-ins ended and their API tokens are revoked.`),
    )
    const actions = el('td', { class: 'ta-row-actions' }, toggle)
    const reset = button('Reset password', { 'aria-label': `Reset the password of ${user.username}` }, () => this.#resetForm(user, actions))
    const tokens = button('API tokens', { 'aria-label': `API tokens of ${user.username}` }, () => void this.#showTokens(user.username))
    actions.append(reset, tokens)
    return el(
      'tr',
      { 'data-username': user.username, 'data-role': user.role, 'data-disabled': String(user.disabled) },
      el('th', { scope: 'row' }, user.username, self ? el('span', { class: 'ta-muted' }, ' (you)') : null),
      el('td', {}, role),
      el('td', {}, user.disabled ? 'Disabled' : 'Active'),
      el('td', {}, user.created_at.slice(0, 10)),
      actions,
    )
  }

  async #showTokens(username: string, done?: string): Promise<void> {
    let tokens: ApiTokenInfo[]
    try {
      tokens = await this.#options.api.userTokens(username)
    } catch (error) {
      this.#status.textContent = `The API tokens of ${username} could not be loaded: ${error instanceof Error ? error.message : String(error)}`
      return
    }
    const heading = el('h3', { tabindex: '-1' }, `API tokens of ${username}`)
    replaceChildren(
      this.#tokens,
      heading,
      tokens.length === 0
        ? el('p', { class: 'ta-muted' }, `${username} has no API tokens.`)
        : el(
            'table',
            { class: 'ta-table ta-tokens-table' },
            el('caption', { class: 'visually-hidden' }, `API tokens of ${username}`),
            el('thead', {}, el('tr', {}, ...['Name', 'Created', 'Last used', 'Expires', 'State', 'Actions'].map((title) => el('th', { scope: 'col' }, title)))),
            el('tbody', {}, ...tokens.map((token) => this.#tokenRow(username, token))),
          ),
      done ? el('p', { role: 'status' }, done) : null,
      button('Close', {}, () => {
        this.#tokens.hidden = true
      }),
    )
    this.#tokens.hidden = false
    if (!done) heading.focus()
  }

  #tokenRow(username: string, token: ApiTokenInfo): HTMLElement {
    const day = (value: string | null, none: string) => (value ? value.slice(0, 16).replace('T', ' ') : none)
    const expired = token.expires_at !== null && Date.parse(token.expires_at) <= Date.now()
    const state = token.revoked_at ? `Revoked ${day(token.revoked_at, '')}` : expired ? 'Expired' : 'Active'
    const revoke = token.revoked_at
      ? null
      : button('Revoke', { 'aria-label': `Revoke the token ${token.name} of ${username}` }, () => {
          this.#options.api
            .revokeUserToken(username, token.id)
            .then(() => this.#showTokens(username, `The token ${token.name} of ${username} is revoked.`))
            .catch((error: unknown) => (this.#status.textContent = `Not revoked: ${error instanceof Error ? error.message : String(error)}`))
        })
    return el(
      'tr',
      { 'data-token': String(token.id), 'data-revoked': String(token.revoked_at !== null) },
      el('th', { scope: 'row' }, token.name),
      el('td', {}, day(token.created_at, '')),
      el('td', {}, day(token.last_used_at, 'never')),
      el('td', {}, day(token.expires_at, 'never')),
      el('td', {}, state),
      el('td', { class: 'ta-row-actions' }, revoke),
    )
  }

  #update(user: User, changes: { role?: UserRole; disabled?: boolean; password?: string }, done: string): void {
    this.#options.api
      .updateUser(user.username, changes)
      .then(() => this.load())
      .then(() => (this.#status.textContent = done))
      .catch((error: unknown) => {
        this.#status.textContent = `Not changed: ${error instanceof Error ? error.message : String(error)}`
        void this.load()
      })
  }

  #resetForm(user: User, cell: HTMLElement): void {
    const form = el('form', { class: 'ta-form ta-reset-form', 'aria-label': `Reset the password of ${user.username}`, novalidate: true })
    const errors = new FormErrors(form)
    const password = input('password', { type: 'password', autocomplete: 'new-password', required: true, minlength: PASSWORD_MIN_LENGTH, maxlength: 256 })
    form.append(
      errors.summary,
      field(`New password for ${user.username}`, password, `At least ${PASSWORD_MIN_LENGTH} characters, not easy to guess, not containing the username: four or more unrelated words work well. Their sign-ins end and their API tokens are revoked.`),
      el('div', { class: 'ta-form-actions' }, el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Set the password'), button('Cancel', {}, () => void this.load())),
    )
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      errors.clear()
      if (password.value.length < PASSWORD_MIN_LENGTH) {
        errors.fieldError('password', `At least ${PASSWORD_MIN_LENGTH} characters.`)
        password.focus()
        return
      }
      this.#options.api
        .updateUser(user.username, { password: password.value })
        .then(() => this.load())
        .then(() => (this.#status.textContent = `The password of ${user.username} was reset.`))
        .catch((error: unknown) => errors.show(error, 'Not changed.'))
    })
    replaceChildren(cell, form)
    password.focus()
  }

  #createForm(): HTMLFormElement {
    const form = el('form', { class: 'ta-form ta-create-user', 'aria-label': 'Create an account', novalidate: true })
    const errors = new FormErrors(form)
    const username = input('username', { required: true, autocomplete: 'off', pattern: USERNAME_PATTERN, maxlength: 40 })
    const role = select<UserRole>('role', USER_ROLES.map((value) => ({ value, label: ROLE_NAMES[value] })), 'editor')
    const password = input('password', { type: 'password', autocomplete: 'new-password', required: true, minlength: PASSWORD_MIN_LENGTH, maxlength: 256 })
    form.append(
      errors.summary,
      field('Username', username, 'Lowercase letters, digits, dot, dash or underscore; 2 to 40 characters.'),
      field('Role', role),
      field('Password', password, `At least ${PASSWORD_MIN_LENGTH} characters, not easy to guess, not containing the username: four or more unrelated words work well.`),
      el('div', { class: 'ta-form-actions' }, el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Create the account')),
    )
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      errors.clear()
      if (!new RegExp(USERNAME_PATTERN).test(username.value.trim())) errors.fieldError('username', 'Lowercase letters, digits, dot, dash or underscore; 2 to 40 characters.')
      if (password.value.length < PASSWORD_MIN_LENGTH) errors.fieldError('password', `At least ${PASSWORD_MIN_LENGTH} characters.`)
      const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]')
      if (invalid) {
        invalid.focus()
        return
      }
      const name = username.value.trim()
      this.#options.api
        .createUser({ username: name, role: role.value as UserRole, password: password.value })
        .then(() => {
          form.reset()
          return this.load()
        })
        .then(() => (this.#status.textContent = `Created the account ${name}.`))
        .catch((error: unknown) => errors.show(error, 'Not created.'))
    })
    return form
  }
}
