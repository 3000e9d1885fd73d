import { isIP } from 'node:net'
import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'
import { USERNAME_PATTERN } from './domain/users.ts'

/**
 * Every setting of the service, with its default, in one validated schema.
 * README.md documents each of them; keep the two in step.
 */
export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'the address users reach the service at, for links' })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  SEED: Type.Boolean({ default: true, description: 'seed an empty database with the Syria dataset on start' }),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'key for the session cookies; share it between instances' })),
  SESSION_HOURS: Type.Number({ minimum: 0.1, maximum: 720, default: 8 }),
  ADMIN_USERNAME: Type.String({ pattern: USERNAME_PATTERN, default: 'admin', description: 'name of the first admin account, made on the very first start' }),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12, description: 'password of the first admin account, on the very first start; must pass the password policy' })),
  LOGIN_ATTEMPTS_PER_ADDRESS: Type.Integer({ minimum: 1, default: 20, description: 'sign-in attempts, and wrong API tokens, per address per 15 minutes' }),
  TRUST_PROXY: Type.String({ default: 'false', description: 'false, the number of reverse proxies in front (e.g. 1), or a comma list of their addresses or CIDR ranges; the client address is the right-most one in X-Forwarded-For not among them' }),
  // Map client (server/routes/client.ts): the optional online tile layer, off until chosen in the page; '' offers none.
  TILE_URL: Type.String({ pattern: '^(https?://[^/?#]+/.*)?$', default: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', description: 'URL template of the online tile layer offered in the map (off by default); empty for none' }),
  TILE_ATTRIBUTION: Type.String({ maxLength: 300, default: '© OpenStreetMap contributors', description: 'attribution text of the online tile layer' }),
  TILE_ATTRIBUTION_URL: Type.String({ pattern: '^(https?://.*)?$', default: 'https://www.openstreetmap.org/copyright', description: 'link of that attribution; empty for none' }),
  EMBED_FRAME_ANCESTORS: Type.String({ maxLength: 2000, default: '', description: 'the origins whose pages may frame the embed (/embed), separated by spaces or commas, e.g. https://news.example.org; empty: any site. Every other page refuses to be framed' }),
  // Bounded queries, rate limits and load shedding; 0 means no limit, or an automatic one, as noted.
  STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 15_000, description: 'PostgreSQL cancels a statement that runs longer than this; 0 for no limit' }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 0, default: 600, description: 'requests per minute per client address; 0 for no limit' }),
  OVERLOAD_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 0, description: 'answer 503 once the event loop has lagged more than this for 3 s; 0: 1000 with PostgreSQL, unchecked with the embedded database' }),
  OVERLOAD_HEAP_MB: Type.Integer({ minimum: 0, default: 0, description: "answer 503 while the JavaScript heap uses more than this; 0: 90% of V8's heap limit" }),
  OVERLOAD_RSS_MB: Type.Integer({ minimum: 0, default: 0, description: 'answer 503 while the process uses more memory than this; 0: 90% of the memory it may use' }),
  RESPONSE_CACHE_MB: Type.Number({ minimum: 0, maximum: 65_536, default: 64, description: 'memory for whole answers of the data routes (and their gzip and brotli encodings), kept by request and data version; the largest answer kept is an eighth of it; 0 keeps none' }),
  EXPORT_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 4, description: 'whole-dataset exports (CSV, KML, GeoJSON with limit=all) written at once by one process' }),
  EXPORT_QUEUE: Type.Integer({ minimum: 0, maximum: 1000, default: 32, description: 'exports that may wait for one of those to end (up to 60 s); further ones get 503 with Retry-After' }),
  INCIDENT_IMPORT_MAX_MB: Type.Integer({ minimum: 1, maximum: 4096, default: 256, description: 'the largest CSV file POST /incidents/imports reads (spooled to a temporary file, not held in memory)' }),
  // Webhooks (server/webhooks): the worker that posts the outbox's changes to the registered receivers.
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: Type.Boolean({ default: false, description: 'let webhooks post to loopback, private, link-local and other non-public addresses (tests, a receiver on the same network); off, such URLs are refused and so are names that resolve to them' }),
  WEBHOOK_POLL_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 3_600_000, default: 5000, description: 'how often the worker looks for due deliveries besides being woken by each new change' }),
  WEBHOOK_LEASE_MS: Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 60_000, description: 'how long a claimed delivery is left to its worker; a claim left by a dead process expires after this and the delivery is tried again; longer than WEBHOOK_TIMEOUT_MS' }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000, description: 'a receiver has this long to answer a delivery' }),
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'attempts before a delivery is given up as failed' }),
  WEBHOOK_RETRY_BASE_MS: Type.Integer({ minimum: 10, maximum: 86_400_000, default: 30_000, description: 'the wait after the first failed attempt; it doubles after each further one (with jitter) up to WEBHOOK_RETRY_MAX_MS' }),
  WEBHOOK_RETRY_MAX_MS: Type.Integer({ minimum: 10, maximum: 604_800_000, default: 21_600_000, description: 'the longest wait between two attempts' }),
})

/** Fastify's trustProxy, from TRUST_PROXY: none, a number of hops, or the proxies' addresses. */
export type TrustProxy = false | number | string[]

export type Config = Omit<Static<typeof ConfigSchema>, 'TRUST_PROXY'> & { TRUST_PROXY: TrustProxy }

export class ConfigError extends Error {}

/** The names proxy-addr (Fastify) gives to well-known ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isAddressOrRange(value: string): boolean {
  if (NAMED_RANGES.has(value)) return true
  const [address = '', prefix, ...rest] = value.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128))
}

/**
 * TRUST_PROXY as Fastify's trustProxy. `true` (trust every hop) is refused: it makes the left-most
 * X-Forwarded-For entry, which any client writes, the address that rate limits key on.
 */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim()
  if (text === '' || text === 'false' || text === '0') return false
  if (/^\d+$/.test(text)) return Number(text)
  const entries = text.split(',').map((entry) => entry.trim())
  // `true`, or a range that holds every address, trusts every hop.
  const everyone = entries.find((entry) => entry === 'true' || /\/0$/.test(entry))
  if (everyone !== undefined) {
    throw new ConfigError(`Invalid configuration: TRUST_PROXY=${everyone} would let any client choose its own address; set the number of proxies in front of the service (e.g. TRUST_PROXY=1) or their addresses (e.g. TRUST_PROXY=10.0.0.0/8). See TRUST_PROXY in README.md.`)
  }
  const wrong = entries.filter((entry) => !isAddressOrRange(entry))
  if (wrong.length > 0) {
    const listed = wrong.map((entry) => `"${entry}"`).join(', ')
    throw new ConfigError(`Invalid configuration: TRUST_PROXY lists ${listed}, which ${wrong.length === 1 ? 'is' : 'are'} not an IP address, a CIDR range or loopback/linklocal/uniquelocal; give the number of proxies or their addresses. See TRUST_PROXY in README.md.`)
  }
  return entries
}

/** Reads the configuration from the environment (or the given object), failing with one readable line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  try {
    const values = envSchema<Static<typeof ConfigSchema>>({ schema: structuredClone(ConfigSchema), data: env, env: false, dotenv: false })
    if (values.WEBHOOK_LEASE_MS <= values.WEBHOOK_TIMEOUT_MS) {
      throw new ConfigError(`Invalid configuration: WEBHOOK_LEASE_MS (${values.WEBHOOK_LEASE_MS}) must be longer than WEBHOOK_TIMEOUT_MS (${values.WEBHOOK_TIMEOUT_MS}), or a delivery still waiting for its receiver could be claimed and posted again by another worker. See the configuration table in README.md.`)
    }
    return { ...values, TRUST_PROXY: parseTrustProxy(values.TRUST_PROXY) }
  } catch (error) {
    if (error instanceof ConfigError) throw error
    throw new ConfigError(`Invalid configuration: ${(error as Error).message}. See the configuration table in README.md.`)
  }
}
