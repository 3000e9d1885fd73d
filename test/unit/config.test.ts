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

describe('the first account and the proxy', () => {
  it('names the first account admin unless ADMIN_USERNAME says otherwise', () => {
    expect(loadConfig({}).ADMIN_USERNAME).toBe('admin')
    expect(loadConfig({ ADMIN_USERNAME: 'chief' }).ADMIN_USERNAME).toBe('chief')
    expect(() => loadConfig({ ADMIN_USERNAME: 'Not A Name' })).toThrow(/ADMIN_USERNAME/)
  })

  it('reads TRUST_PROXY as a number of hops or a list of proxy addresses, and refuses true', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false)
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false)
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2)
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1, ::1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1', '::1'])
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY.*number of proxies/)
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/)
    expect(() => loadConfig({ TRUST_PROXY: 'my-proxy.example' })).toThrow(/TRUST_PROXY/)
    // A range that holds every address trusts every hop, as true would.
    expect(() => loadConfig({ TRUST_PROXY: '0.0.0.0/0' })).toThrow(/TRUST_PROXY=0\.0\.0\.0\/0 would let any client choose its own address/)
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.1, ::/0' })).toThrow(/would let any client choose its own address/)
    expect(() => loadConfig({ TRUST_PROXY: '1,true' })).toThrow(/TRUST_PROXY=true would let any client/)
    expect(() => loadConfig({ TRUST_PROXY: '127.0.0.1,proxy.local' })).toThrow(/TRUST_PROXY lists "proxy.local", which is not/)
  })
})
