import { Type } from 'typebox'
import { CHANGE_EVENT_TYPES, DELIVERY_STATES, WEBHOOK_URL_MAX_LENGTH } from '../domain/webhooks.ts'

const Timestamp = Type.String({ format: 'date-time' })
const NullableTimestamp = Type.Union([Timestamp, Type.Null()])

/** Checked further by server/webhooks/destination.ts (scheme, credentials, non-public addresses). */
const WebhookUrl = Type.String({ minLength: 1, maxLength: WEBHOOK_URL_MAX_LENGTH, description: 'the http(s) address deliveries are POSTed to; non-public addresses are refused unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on' })
const EventTypes = Type.Union(
  [Type.Array(Type.Enum(CHANGE_EVENT_TYPES), { minItems: 1, maxItems: CHANGE_EVENT_TYPES.length, uniqueItems: true }), Type.Null()],
  { description: 'the change types wanted; omitted or null for all' },
)
const ZoneIds = Type.Union(
  [Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { minItems: 1, maxItems: 1000, uniqueItems: true }), Type.Null()],
  { description: 'the zones whose changes are wanted (changes to agreements concern no zone and are then not sent); omitted or null for all' },
)
const Description = Type.Union([Type.String({ maxLength: 500 }), Type.Null()])

export const WebhookCreate = Type.Object(
  { url: WebhookUrl, event_types: Type.Optional(EventTypes), zone_ids: Type.Optional(ZoneIds), description: Type.Optional(Description) },
  { additionalProperties: false },
)

export const WebhookPatch = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    event_types: Type.Optional(EventTypes),
    zone_ids: Type.Optional(ZoneIds),
    description: Type.Optional(Description),
    active: Type.Optional(Type.Boolean({ description: 'false pauses deliveries: changes made meanwhile are not queued, and queued ones wait' })),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const WebhookParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

export const WebhookIfMatch = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 500, description: "the webhook's ETag from GET /webhooks/{id}, or * for whatever version is current" })),
})

export const Webhook = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  event_types: Type.Union([Type.Array(Type.String()), Type.Null()]),
  zone_ids: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  created_by: Type.String(),
  version: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
  deliveries: Type.Optional(Type.Object({ pending: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer() }, { description: 'how many deliveries are in each state' })),
})

export const CreatedWebhook = Type.Intersect([
  Webhook,
  Type.Object({ secret: Type.String({ description: 'the signing secret (whsec_ and base64, as Standard Webhooks write it); shown this once, keep it' }) }),
])

export const DeliveryQuery = Type.Object(
  {
    state: Type.Optional(Type.Enum(DELIVERY_STATES)),
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'deliveries older than this id (paging)' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
)

export const Delivery = Type.Object({
  id: Type.Integer(),
  event_id: Type.String({ description: 'the CloudEvents id (and webhook-id header): the same on every attempt' }),
  event_type: Type.String(),
  subject: Type.String(),
  event_recorded_at: Timestamp,
  state: Type.Enum(DELIVERY_STATES),
  attempts: Type.Integer(),
  last_status_code: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  next_attempt_at: Timestamp,
  last_attempt_at: NullableTimestamp,
  delivered_at: NullableTimestamp,
})

export const DeliveryPage = Type.Object({
  deliveries: Type.Array(Delivery),
  next: Type.Union([Type.String(), Type.Null()], { description: 'the address of the next (older) page, or null' }),
})
