import { CloudEvent, HTTP } from 'cloudevents'
import { Webhook } from 'standardwebhooks'
import { CLOUD_EVENT_TYPE_PREFIX } from '../domain/webhooks.ts'

export interface ChangeEvent {
  id: number
  type: string
  subject: string
  recorded_at: Date
  data: unknown
}

export interface SignedMessage {
  headers: Record<string, string>
  body: string
}

/**
 * A change as a CloudEvents 1.0 structured JSON message, signed as Standard Webhooks do:
 * webhook-id is the event id (the same on every retry, so receivers de-duplicate by it, as they do
 * by the CloudEvents id), webhook-timestamp the moment of this attempt, webhook-signature the
 * HMAC-SHA256 of id, timestamp and body with the webhook's secret.
 *
 *   signedCloudEvent(event, 'https://atlas.example.org', 'whsec_…', new Date())
 */
export function signedCloudEvent(event: ChangeEvent, source: string, secret: string, now: Date): SignedMessage {
  const id = String(event.id)
  const cloudEvent = new CloudEvent({
    specversion: '1.0',
    id,
    source,
    type: `${CLOUD_EVENT_TYPE_PREFIX}${event.type}`,
    time: event.recorded_at.toISOString(),
    subject: event.subject,
    datacontenttype: 'application/json',
    data: event.data,
  })
  const message = HTTP.structured(cloudEvent)
  const body = typeof message.body === 'string' ? message.body : JSON.stringify(message.body)
  const signature = new Webhook(secret).sign(id, now, body)
  return {
    body,
    headers: {
      'content-type': 'application/cloudevents+json; charset=utf-8',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
  }
}
