/** Who takes part in a zone, and how. */
export const PARTY_TYPES = ['state', 'armed-group', 'coalition', 'international-organisation'] as const
export type PartyType = (typeof PARTY_TYPES)[number]

export const ROLES = [
  'proposer',
  'sponsor',
  'guarantor',
  'signatory',
  'mediator',
  'monitor',
  'besieger',
  'besieged',
  'controlling',
  // Left out of an arrangement by its parties (ISIS and HTS from the Astana ceasefire).
  'excluded',
] as const
export type Role = (typeof ROLES)[number]

/** The roles that make a party one of a zone's sponsors on the map and in `sponsor=` filters. */
export const SPONSOR_ROLES: readonly Role[] = ['sponsor', 'guarantor']

/** Slugs are lowercase words joined by hyphens: russia, united-states, sdf. */
export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$'
