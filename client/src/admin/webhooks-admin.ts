import { CHANGE_EVENT_TYPES } from '../../../server/domain/webhooks.ts'
import type { Api } from '../api.ts'
import type { Webhook, WebhookDelivery, WebhookDeliveryPage } from '../api-types.ts'
import { el, replaceChildren } from '../dom.ts'
import { FormErrors } from '../edit/form-errors.ts'
import { button, field, input } from '../edit/form-fields.ts'

export interface WebhooksAdminOptions {
  api: Api
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))
const minute = (value: string | null) => (value ? value.slice(0, 16).replace('T', ' ') : '')

/**
 * Webhooks, for admins: the registered receivers, registering one (its secret is shown once),
 * pausing and resuming, deleting, and each one's delivery log.
 */
export class WebhooksAdmin {
  readonly element: HTMLElement
  readonly #api: Api
  readonly #list: HTMLElement
  readonly #status: HTMLElement
  readonly #secret: HTMLElement
  readonly #log: HTMLElement

  constructor(options: WebhooksAdminOptions) {
    this.#api = options.api
    this.#list = el('div', { class: 'ta-admin-webhooks' })
    this.#status = el('p', { class: 'ta-admin-status', role: 'status' })
    this.#secret = el('div', { class: 'ta-webhook-secret', hidden: true })
    this.#log = el('section', { class: 'ta-webhook-log', 'aria-label': 'Delivery log', hidden: true })
    this.element = el(
      'div',
      {},
      el('h2', {}, 'Webhooks'),
      el('p', { class: 'ta-muted' }, 'Receivers that get each recorded change as a signed CloudEvent; they should de-duplicate by its id.'),
      this.#status,
      this.#secret,
      this.#list,
      this.#log,
      el('h2', {}, 'New webhook'),
      this.#createForm(),
    )
  }

  async load(): Promise<void> {
    try {
      this.#render(await this.#api.webhooks())
    } catch (error) {
      this.#status.textContent = `The webhooks could not be loaded: ${message(error)}`
    }
  }

  #render(webhooks: readonly Webhook[]): void {
    if (webhooks.length === 0) {
      replaceChildren(this.#list, el('p', { class: 'ta-muted' }, 'No webhook is registered.'))
      return
    }
    replaceChildren(
      this.#list,
      el(
        'table',
        { class: 'ta-table ta-webhooks-table' },
        el('caption', { class: 'visually-hidden' }, 'Webhooks'),
        el('thead', {}, el('tr', {}, ...['Address', 'Changes', 'Zones', 'State', 'Deliveries', 'Actions'].map((title) => el('th', { scope: 'col' }, title)))),
        el('tbody', {}, ...webhooks.map((webhook) => this.#row(webhook))),
      ),
    )
  }

  #row(webhook: Webhook): HTMLElement {
    const counts = webhook.deliveries
    const actions = el('td', { class: 'ta-row-actions' })
    const toggle = button(webhook.active ? 'Pause' : 'Resume', { 'aria-label': `${webhook.active ? 'Pause' : 'Resume'} the webhook to ${webhook.url}` }, () => void this.#setActive(webhook, !webhook.active))
    const log = button('Delivery log', { 'aria-label': `Delivery log of the webhook to ${webhook.url}` }, () => void this.#showLog(webhook))
    const remove = button('Delete', { 'aria-label': `Delete the webhook to ${webhook.url}` }, () => {
      const confirm = button('Delete for good', { class: 'ta-button ta-button-danger', 'aria-label': `Delete the webhook to ${webhook.url} for good` }, () => void this.#delete(webhook))
      replaceChildren(actions, confirm, button('Cancel', {}, () => void this.load()))
      confirm.focus()
    })
    actions.append(toggle, log, remove)
    return el(
      'tr',
      { 'data-webhook': String(webhook.id), 'data-active': String(webhook.active) },
      el('th', { scope: 'row' }, webhook.url, webhook.description ? el('span', { class: 'ta-muted' }, ` (${webhook.description})`) : null),
      el('td', {}, webhook.event_types?.join(', ') ?? 'All'),
      el('td', {}, webhook.zone_ids?.join(', ') ?? 'All'),
      el('td', {}, webhook.active ? 'Active' : 'Paused'),
      el('td', {}, counts ? `${counts.delivered} delivered, ${counts.pending} pending, ${counts.failed} failed` : ''),
      actions,
    )
  }

  async #setActive(webhook: Webhook, active: boolean): Promise<void> {
    try {
      const { etag } = await this.#api.webhook(webhook.id)
      await this.#api.updateWebhook(webhook.id, etag, { active })
      await this.load()
      this.#status.textContent = active ? `The webhook to ${webhook.url} is active again.` : `The webhook to ${webhook.url} is paused: changes made meanwhile are not sent.`
    } catch (error) {
      this.#status.textContent = `Not changed: ${message(error)}`
      void this.load()
    }
  }

  async #delete(webhook: Webhook): Promise<void> {
    try {
      await this.#api.deleteWebhook(webhook.id)
      this.#log.hidden = true
      await this.load()
      this.#status.textContent = `The webhook to ${webhook.url} is deleted.`
    } catch (error) {
      this.#status.textContent = `Not deleted: ${message(error)}`
      void this.load()
    }
  }

  async #showLog(webhook: Webhook, next?: string | null): Promise<void> {
    let page: WebhookDeliveryPage
    try {
      page = await this.#api.webhookDeliveries(webhook.id, next)
    } catch (error) {
      this.#status.textContent = `The delivery log could not be loaded: ${message(error)}`
      return
    }
    const heading = el('h3', { tabindex: '-1' }, `Deliveries to ${webhook.url}${next ? ' (older)' : ''}`)
    replaceChildren(
      this.#log,
      heading,
      page.deliveries.length === 0
        ? el('p', { class: 'ta-muted' }, 'Nothing has been sent to it yet.')
        : el(
            'table',
            { class: 'ta-table ta-deliveries-table' },
            el('caption', { class: 'visually-hidden' }, `Deliveries to ${webhook.url}`),
            el('thead', {}, el('tr', {}, ...['Event', 'Change', 'State', 'Attempts', 'Last answer', 'Last attempt', 'Next attempt'].map((title) => el('th', { scope: 'col' }, title)))),
            el('tbody', {}, ...page.deliveries.map((delivery) => this.#deliveryRow(delivery))),
          ),
      el(
        'div',
        { class: 'ta-form-actions' },
        page.next ? button('Older deliveries', {}, () => void this.#showLog(webhook, page.next)) : null,
        button('Close', {}, () => {
          this.#log.hidden = true
        }),
      ),
    )
    this.#log.hidden = false
    heading.focus()
    if (!next) void this.load() // the counts beside it, as of now
  }

  #deliveryRow(delivery: WebhookDelivery): HTMLElement {
    const answer = [delivery.last_status_code === null ? null : String(delivery.last_status_code), delivery.last_error].filter(Boolean).join(': ')
    return el(
      'tr',
      { 'data-event': delivery.event_id, 'data-state': delivery.state },
      el('th', { scope: 'row' }, delivery.event_id),
      el('td', {}, `${delivery.event_type} (${delivery.subject})`),
      el('td', {}, delivery.state),
      el('td', {}, String(delivery.attempts)),
      el('td', {}, answer),
      el('td', {}, minute(delivery.last_attempt_at)),
      el('td', {}, delivery.state === 'pending' ? minute(delivery.next_attempt_at) : ''),
    )
  }

  #showSecret(webhook: Webhook, secret: string): void {
    const value = input('secret', { readonly: true, value: secret, size: 60, 'aria-label': 'Signing secret' })
    replaceChildren(
      this.#secret,
      el('p', { role: 'status' }, `Registered the webhook to ${webhook.url}. Its signing secret is shown this once: copy it to the receiver now.`),
      value,
      button('Done', {}, () => {
        replaceChildren(this.#secret)
        this.#secret.hidden = true
      }),
    )
    this.#secret.hidden = false
    value.select()
  }

  #createForm(): HTMLFormElement {
    const form = el('form', { class: 'ta-form ta-create-webhook', 'aria-label': 'Register a webhook', novalidate: true })
    const errors = new FormErrors(form)
    const url = input('url', { type: 'url', required: true, maxlength: 2000, autocomplete: 'off', placeholder: 'https://newsroom.example.org/truce-atlas' })
    const description = input('description', { maxlength: 500, autocomplete: 'off' })
    const zones = input('zone_ids', { autocomplete: 'off', inputmode: 'numeric', pattern: '[0-9, ]*' })
    const types = CHANGE_EVENT_TYPES.map((type) => el('input', { type: 'checkbox', name: 'event_types', value: type }))
    const typeList = el(
      'fieldset',
      { class: 'ta-field ta-webhook-types', 'data-field': 'event_types' },
      el('legend', {}, 'Changes (none ticked: all)'),
      ...types.map((box) => el('label', {}, box, box.value)),
      el('p', { class: 'ta-field-error', 'data-error-for': 'event_types' }),
    )
    form.append(
      errors.summary,
      field('Address', url, 'An http(s) address that accepts POSTs; deliveries are signed with a secret shown once.'),
      field('Description', description, 'Who receives it, e.g. "Newsroom desk".'),
      typeList,
      field('Zone ids', zones, 'Only the changes of these zones, as ids separated by commas; empty for all zones and agreements.'),
      el('div', { class: 'ta-form-actions' }, el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Register the webhook')),
    )
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      errors.clear()
      const zoneIds = zones.value.split(',').map((value) => value.trim()).filter(Boolean)
      if (!/^https?:\/\//i.test(url.value.trim())) errors.fieldError('url', 'An address starting with https:// or http://.')
      if (zoneIds.some((value) => !/^[1-9][0-9]{0,9}$/.test(value))) errors.fieldError('zone_ids', 'Zone ids are whole numbers, separated by commas.')
      const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]')
      if (invalid) {
        invalid.focus()
        return
      }
      const chosen = types.filter((box) => box.checked).map((box) => box.value as (typeof CHANGE_EVENT_TYPES)[number])
      this.#api
        .createWebhook({
          url: url.value.trim(),
          ...(description.value.trim() ? { description: description.value.trim() } : {}),
          ...(chosen.length > 0 ? { event_types: chosen } : {}),
          ...(zoneIds.length > 0 ? { zone_ids: [...new Set(zoneIds.map(Number))] } : {}),
        })
        .then(async (created) => {
          form.reset()
          await this.load()
          this.#showSecret(created, created.secret)
        })
        .catch((error: unknown) => errors.show(error, 'Not registered.'))
    })
    return form
  }
}
