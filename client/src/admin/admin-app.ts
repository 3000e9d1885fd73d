import { createSessionApi } from '../auth/session-api.ts'
import { AccountMenu } from '../auth/account-menu.ts'
import type { SignedInUser } from '../auth/session.ts'
import { signInForm } from '../auth/sign-in-form.ts'
import { el, replaceChildren } from '../dom.ts'
import { setTestHook } from '../test-hooks.ts'
import { AgreementsAdmin } from './agreements-admin.ts'
import { AuditAdmin } from './audit-admin.ts'
import { IncidentsAdmin } from './incidents-admin.ts'
import { Tabs } from './tabs.ts'
import { UsersAdmin } from './users-admin.ts'
import { WebhooksAdmin } from './webhooks-admin.ts'
import { ZonesAdmin } from './zones-admin.ts'

export interface AdminElements {
  main: HTMLElement
  account: HTMLElement | null
}

/**
 * The /admin page: sign in, then the zones (archive, and for admins the archived ones to restore),
 * the agreements, the accounts and the audit log (admins). Editors see the zones and agreements.
 */
export async function startAdmin(elements: AdminElements): Promise<void> {
  const { api, session } = createSessionApi()
  if (elements.account) new AccountMenu({ session, container: elements.account, adminLink: false })
  let shownFor: string | null | undefined

  const show = (user: SignedInUser | null) => {
    const key = user ? `${user.username}:${user.role}` : null
    if (key === shownFor) return
    shownFor = key
    if (!user) {
      replaceChildren(
        elements.main,
        el(
          'section',
          { class: 'ta-admin-sign-in', 'aria-labelledby': 'ta-admin-sign-in-title' },
          el('h2', { id: 'ta-admin-sign-in-title' }, 'Sign in'),
          el('p', { class: 'ta-muted' }, 'The administration is for editors and admins.'),
          signInForm({ session }),
        ),
      )
      return
    }
    const zones = new ZonesAdmin({ api, isAdmin: user.role === 'admin' })
    const agreements = new AgreementsAdmin({ api })
    const incidents = new IncidentsAdmin({ api })
    const tabs = new Tabs([
      { id: 'zones', label: 'Zones', panel: zones.element, onShow: () => void zones.load() },
      { id: 'agreements', label: 'Agreements', panel: agreements.element, onShow: () => void agreements.load() },
      { id: 'incidents', label: 'Incidents', panel: incidents.element, onShow: () => void incidents.load() },
      ...(user.role === 'admin'
        ? (() => {
            const users = new UsersAdmin({ api, self: user.username })
            const audit = new AuditAdmin({ api })
            const webhooks = new WebhooksAdmin({ api })
            return [
              { id: 'users', label: 'Accounts', panel: users.element, onShow: () => void users.load() },
              { id: 'audit', label: 'Audit log', panel: audit.element, onShow: () => void audit.load() },
              { id: 'webhooks', label: 'Webhooks', panel: webhooks.element, onShow: () => void webhooks.load() },
            ]
          })()
        : []),
    ])
    replaceChildren(
      elements.main,
      el('p', { class: 'ta-admin-intro' }, user.role === 'admin' ? 'Signed in as an admin.' : 'Signed in as an editor: accounts and the audit log are for admins.'),
      tabs.element,
    )
    tabs.select(new URLSearchParams(window.location.search).get('tab') ?? 'zones')
  }

  session.subscribe(show)
  await session.restore().catch((error: unknown) => console.warn('the sign-in could not be checked', error))
  show(session.user)
  setTestHook(document.body, 'ready', 'true')
}
