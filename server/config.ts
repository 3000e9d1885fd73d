import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'

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
})

export type Config = Static<typeof ConfigSchema>

export class ConfigError extends Error {}

/** Reads the configuration from the environment (or the given object), failing with one readable line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  try {
    return envSchema<Config>({ schema: structuredClone(ConfigSchema), data: env, env: false, dotenv: false })
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${(error as Error).message}. See the configuration table in README.md.`)
  }
}
