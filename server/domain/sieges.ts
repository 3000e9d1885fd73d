/** How severe a siege is, as Siege Watch grades it: its first and second tiers, and its watchlist. */
export const SIEGE_SEVERITIES = ['tier-1', 'tier-2', 'watchlist'] as const
export type SiegeSeverity = (typeof SIEGE_SEVERITIES)[number]
