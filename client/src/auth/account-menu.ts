import { el, replaceChildren } from '../dom.ts'
import { t } from '../i18n/index.ts'
import type { Session, SignedInUser } from './session.ts'
import { signInForm } from './sign-in-form.ts'

export interface AccountMenuOptions {
  session: Session
  /** The header element the menu fills. */
  container: HTMLElement
  /** Show a link to the admin page when signed in. Default: true. */
  adminLink?: boolean
}

/**
 * The header's account corner: "Sign in" (opening a modal dialog with the form) or, once signed
 * in, who is signed in, the admin page and "Sign out".
 */
export class AccountMenu {
  readonly #options: AccountMenuOptions
  readonly #dialog: HTMLDialogElement
  readonly #unsubscribe: () => void

  constructor(options: AccountMenuOptions) {
    this.#options = options
    this.#dialog = el('dialog', { class: 'ta-dialog', 'aria-labelledby': 'ta-sign-in-title' })
    document.body.append(this.#dialog)
    this.#unsubscribe = options.session.subscribe((user) => this.#render(user))
    this.#render(options.session.user)
  }

  destroy(): void {
    this.#unsubscribe()
    this.#dialog.remove()
    this.#options.container.replaceChildren()
  }

  openSignIn(): void {
    const close = () => this.#dialog.close()
    const signedIn = () => {
      close()
      // The button that opened the dialog is gone: the focus goes to the account corner.
      this.#options.container.querySelector<HTMLElement>('a, button')?.focus()
    }
    replaceChildren(
      this.#dialog,
      el('h2', { id: 'ta-sign-in-title', class: 'ta-dialog-title' }, t('account.dialogTitle')),
      el('p', { class: 'ta-muted' }, t('account.dialogNote')),
      signInForm({ session: this.#options.session, onSignedIn: signedIn, onCancel: close }),
    )
    this.#dialog.showModal()
    this.#dialog.querySelector<HTMLInputElement>('input[name="username"]')?.focus()
  }

  #render(user: SignedInUser | null): void {
    const { container, session } = this.#options
    if (!user) {
      const signIn = el('button', { type: 'button', class: 'ta-button ta-account-sign-in' }, t('account.signIn'))
      signIn.addEventListener('click', () => this.openSignIn())
      replaceChildren(container, signIn)
      return
    }
    const signOut = el('button', { type: 'button', class: 'ta-button ta-account-sign-out' }, t('account.signOut'))
    signOut.addEventListener('click', () => {
      signOut.disabled = true
      // Signed out on the page whatever the server says: a failed request leaves only a cookie that expires.
      session
        .signOut()
        .catch(() => undefined)
        .finally(() => (signOut.disabled = false))
    })
    replaceChildren(
      container,
      el('span', { class: 'ta-account-who', 'data-username': user.username }, t('account.who', { username: user.username, role: user.role === 'admin' ? t('account.roleAdmin') : user.role === 'editor' ? t('account.roleEditor') : user.role })),
      this.#options.adminLink === false ? null : el('a', { class: 'ta-account-admin', href: '/admin' }, t('account.admin')),
      signOut,
    )
  }
}
