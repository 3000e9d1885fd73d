import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config.ts'

describe('configuration', () => {
  it('has a default for everything a first start needs', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', LOG_LEVEL: 'info', SEED: true })
    expect(loadConfig({}).DATABASE_URL).toBeUndefined()
  })

  it('reads values from the environment with their types', () => {
    expect(loadConfig({ PORT: '8080', SEED: 'false', DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({
      PORT: 8080,
      SEED: false,
      DATABASE_URL: 'postgres://u@h/db',
    })
  })

  it('refuses a bad value with a message that names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
  })
})
