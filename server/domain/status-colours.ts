import type { Status } from './statuses.ts'

/**
 * The colour of each status on the map and in the exports (KML styles): the Okabe-Ito palette, safe
 * for the common forms of colour blindness.
 */
export const STATUS_COLOURS: Record<Status, string> = {
  proposed: '#56B4E9', // sky blue
  agreed: '#0072B2', // blue
  active: '#009E73', // bluish green
  suspended: '#E69F00', // orange
  collapsed: '#D55E00', // vermillion
  ended: '#000000', // black, faded to grey
  rejected: '#CC79A7', // reddish purple
}
