import { ApiError } from '../api.ts'
import { el, uniqueId } from '../dom.ts'
import { t } from '../i18n/index.ts'
import type { Session } from './session.ts'

export interface SignInFormOptions {
  session: Session
  /** Called once signed in. */
  onSignedIn?: () => void
  /** A Cancel button is shown when given. */
  onCancel?: () => void
}

/** The sign-in form (username and password), used in the map's dialog and on the admin page. */
export function signInForm(options: SignInFormOptions): HTMLFormElement {
  const userId = uniqueId('ta-username')
  const passwordId = uniqueId('ta-password')
  const errorId = uniqueId('ta-sign-in-error')
  const username = el('input', { id: userId, class: 'ta-input', name: 'username', autocomplete: 'username', required: true, maxlength: 100 })
  const password = el('input', { id: passwordId, class: 'ta-input', name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 256 })
  const error = el('p', { id: errorId, class: 'ta-form-error', role: 'alert' })
  const submit = el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, t('account.signIn'))
  const cancel = options.onCancel ? el('button', { type: 'button', class: 'ta-button' }, t('account.cancel')) : null
  const form = el(
    'form',
    { class: 'ta-form ta-sign-in', 'aria-label': t('account.dialogTitle'), novalidate: true },
    el('div', { class: 'ta-field' }, el('label', { for: userId }, t('account.username')), username),
    el('div', { class: 'ta-field' }, el('label', { for: passwordId }, t('account.password')), password),
    error,
    el('div', { class: 'ta-form-actions' }, submit, cancel),
  )
  if (cancel && options.onCancel) cancel.addEventListener('click', options.onCancel)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    if (!username.value.trim() || !password.value) {
      error.textContent = t('account.missing')
      ;(username.value.trim() ? password : username).focus()
      return
    }
    submit.disabled = true
    form.setAttribute('aria-busy', 'true')
    options.session
      .signIn(username.value.trim(), password.value)
      .then(() => {
        password.value = ''
        options.onSignedIn?.()
      })
      .catch((reason: unknown) => {
        error.textContent =
          reason instanceof ApiError && reason.status === 401
            ? t('account.wrong')
            : reason instanceof ApiError && reason.status === 429
              ? t('account.tooMany')
              : t('account.failed', { reason: reason instanceof Error ? reason.message : String(reason) })
        password.focus()
      })
      .finally(() => {
        submit.disabled = false
        form.removeAttribute('aria-busy')
      })
  })
  return form
}
