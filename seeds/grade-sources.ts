import { SOURCE_RELIABILITIES, type SourceReliability } from '../server/domain/source-reliability.ts'
import { oneOf, required, type Row } from './read-cells.ts'

/** A publisher's grade, from seeds/data/outlets.csv. */
export interface Outlet {
  /** The web address's host without "www." (e.g. tass.com); it also grades the host's subdomains. */
  domain: string
  name: string
  reliability: SourceReliability
  why: string
}

export function readOutlet(row: Row, at: string): Outlet {
  return {
    domain: required(row, 'domain', at).toLowerCase(),
    name: required(row, 'name', at),
    reliability: oneOf(row, 'grade', SOURCE_RELIABILITIES, at),
    why: required(row, 'why', at),
  }
}

/**
 * The outlet a source was published by: the one whose domain is its address's host or a parent of
 * it (en.news-front.info -> news-front.info); for a source without an address, the one whose name
 * is its publisher. Undefined when none is listed.
 *
 * @example outletOf({ url: 'https://www.tass.com/world/1', publisher: 'TASS' }, outlets) // the tass.com row
 */
export function outletOf(source: { url: string | null; publisher: string | null }, outlets: readonly Outlet[]): Outlet | undefined {
  if (source.url === null) return outlets.find((outlet) => outlet.name.toLowerCase() === source.publisher?.toLowerCase())
  const byDomain = new Map(outlets.map((outlet) => [outlet.domain, outlet]))
  const host = new URL(source.url).hostname.toLowerCase().replace(/^www\./, '')
  for (let domain = host; domain.includes('.'); domain = domain.slice(domain.indexOf('.') + 1)) {
    const outlet = byDomain.get(domain)
    if (outlet) return outlet
  }
  return undefined
}
