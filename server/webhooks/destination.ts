import { BlockList, isIP, type LookupFunction } from 'node:net'
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { WEBHOOK_URL_MAX_LENGTH } from '../domain/webhooks.ts'

/**
 * Where a webhook may post. A webhook is a request the server makes to an address an admin typed:
 * without a check it could reach the machine's own services, the cloud's metadata endpoint
 * (169.254.169.254) or the private network (SSRF). So unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on,
 * only public addresses are allowed: a URL naming a non-public address is refused when registered,
 * and a name is resolved when each delivery connects and refused if any of its addresses is not
 * public, so a name that changes its answer after registration (DNS rebinding) is caught too.
 * Redirects are never followed (a 3xx is a failed attempt), so they cannot lead elsewhere.
 */
const NOT_PUBLIC = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // IPv4-mapped addresses (::ffff:a.b.c.d) are checked against the IPv4 ranges by BlockList itself.
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23], // Teredo and other protocol assignments
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv6')

/** Whether an IP address is anything but a public unicast one. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return true
  return NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

const LOCAL_NAMES = /(^|\.)(localhost|localdomain|local|internal|home\.arpa)\.?$/i

/** A URL's host without the brackets of an IPv6 literal. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1')
}

/**
 * A webhook URL as stored (normalised: the scheme and host in lower case), or why it is refused.
 * Names are not resolved here: that happens at each delivery.
 */
export function checkWebhookUrl(text: string, allowPrivate: boolean): { url: string } | { problem: string } {
  if (text.length > WEBHOOK_URL_MAX_LENGTH) return { problem: `is longer than ${WEBHOOK_URL_MAX_LENGTH} characters` }
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return { problem: 'is not an absolute URL' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `must be an http or https URL, not ${url.protocol.replace(/:$/, '')}` }
  if (url.username || url.password) return { problem: 'must not carry a user name or password; use the signature to authenticate deliveries' }
  if (url.hash) return { problem: 'must not have a #fragment (it is never sent)' }
  const host = hostOf(url)
  if (!allowPrivate) {
    if (isIP(host) !== 0 ? isNonPublicAddress(host) : LOCAL_NAMES.test(host) || !host.includes('.')) {
      return { problem: `names ${host}, which is not a public address (set WEBHOOK_ALLOW_PRIVATE_ADDRESSES to allow it)` }
    }
  }
  if (url.href.length > WEBHOOK_URL_MAX_LENGTH) return { problem: `is longer than ${WEBHOOK_URL_MAX_LENGTH} characters once normalised` }
  return { url: url.href }
}

export class DestinationRefusedError extends Error {
  readonly code = 'EWEBHOOKDESTINATION'
}

/**
 * A `lookup` for http.request that resolves as usual and refuses the connection when any of the
 * name's addresses is not public: the check is made on the addresses actually connected to.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0)
    const refused = addresses.find((entry) => isNonPublicAddress(entry.address))
    if (refused) return callback(new DestinationRefusedError(`${hostname} resolves to ${refused.address}, which is not a public address`), '', 0)
    if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses)
    const first = addresses[0]!
    return callback(null, first.address, first.family)
  })
}

/** Refuses, before connecting, a delivery to a literal address that is not public. */
export function refuseLiteralNonPublic(url: URL): void {
  const host = hostOf(url)
  if (isIP(host) !== 0 && isNonPublicAddress(host)) throw new DestinationRefusedError(`${host} is not a public address`)
  if (LOCAL_NAMES.test(host)) throw new DestinationRefusedError(`${host} is not a public name`)
}
