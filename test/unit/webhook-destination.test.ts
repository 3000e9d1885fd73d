import { describe, expect, it } from 'vitest'
import { retryDelayMs } from '../../server/domain/webhooks.ts'
import { checkWebhookUrl, isNonPublicAddress, publicOnlyLookup } from '../../server/webhooks/destination.ts'
import { postDelivery } from '../../server/webhooks/post-delivery.ts'
import { ConfigError, loadConfig } from '../../server/config.ts'

describe('webhook destinations', () => {
  it('tells public addresses from loopback, private, link-local, mapped and reserved ones', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.0.10', '169.254.169.254', '100.64.0.1', '0.0.0.0', '255.255.255.255', '224.0.0.1', '::1', '::', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'fe80::1', 'fd12:3456::1', '64:ff9b::7f00:1', '2002:7f00:1::', 'not an address']) {
      expect(isNonPublicAddress(address), address).toBe(true)
    }
    for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001::200e']) expect(isNonPublicAddress(address), address).toBe(false)
  })

  it('normalises a good URL and says why a bad one is refused', () => {
    expect(checkWebhookUrl(' HTTPS://Hooks.Example.ORG:8443/in?desk=syria ', false)).toEqual({ url: 'https://hooks.example.org:8443/in?desk=syria' })
    expect(checkWebhookUrl('javascript:alert(1)', true)).toEqual({ problem: 'must be an http or https URL, not javascript' })
    expect(checkWebhookUrl('https://a:b@example.org/', true)).toMatchObject({ problem: expect.stringMatching(/user name or password/) })
    expect(checkWebhookUrl(`https://example.org/${'x'.repeat(2000)}`, true)).toMatchObject({ problem: expect.stringMatching(/longer than 2000/) })
    expect(checkWebhookUrl('http://[::ffff:7f00:1]/', false)).toMatchObject({ problem: expect.stringMatching(/not a public address/) })
    expect(checkWebhookUrl('http://127.1/', false)).toMatchObject({ problem: expect.stringMatching(/127\.0\.0\.1, which is not a public address/) })
    expect(checkWebhookUrl('http://127.0.0.1:4000/hook', true)).toEqual({ url: 'http://127.0.0.1:4000/hook' })
  })

  it('refuses at connection time a name that resolves to a non-public address', async () => {
    const error = await new Promise<Error | null>((resolve) => publicOnlyLookup('localhost', {}, (failure) => resolve(failure)))
    expect(error?.message).toMatch(/localhost resolves to .*, which is not a public address/)
    const outcome = await postDelivery('http://127.0.0.1:9/hook', {}, '{}', { timeoutMs: 1000, allowPrivate: false })
    expect(outcome).toEqual({ ok: false, status: null, error: '127.0.0.1 is not a public address' })
  })
})

describe('webhook retries', () => {
  it('wait twice as long after each failure, with jitter, up to the cap', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500)
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000)
    expect(retryDelayMs(4, 1000, 60_000, () => 0)).toBe(4000)
    expect(retryDelayMs(4, 1000, 60_000, () => 1)).toBe(8000)
    expect(retryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000)
    expect(retryDelayMs(1000, 1000, 60_000, () => 0.5)).toBe(45_000)
  })

  it('refuse a lease no longer than the timeout', () => {
    expect(() => loadConfig({ WEBHOOK_LEASE_MS: '5000', WEBHOOK_TIMEOUT_MS: '5000' })).toThrow(ConfigError)
    expect(loadConfig({})).toMatchObject({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: false, WEBHOOK_LEASE_MS: 60_000, WEBHOOK_TIMEOUT_MS: 10_000 })
  })
})
