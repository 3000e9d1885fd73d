import { KINDS, type Kind } from '../domain/kinds.ts'

/**
 * The feature collections served under /ogc: `zones` with every zone, one per kind whose id is the
 * kind's slug, `agreements` and `incidents`. A collection is a fixed view on the zones, the agreements
 * or the incidents; its extent comes from the data.
 */
export interface OgcCollection {
  id: string
  title: string
  description: string
  /** What its features are, and so which source reads them (see OgcSource in features.ts). */
  features: 'zones' | 'agreements' | 'incidents'
  /** The kind its zones have; none for `zones`. */
  kind?: Kind
}

const KIND_TEXT: Record<Kind, [title: string, description: string]> = {
  'de-escalation-zone': ['De-escalation zones', 'Areas where the parties agreed to reduce hostilities, such as the four zones of the 2017 Astana memorandum.'],
  'ceasefire-zone': ['Ceasefire zones', 'Areas covered by a ceasefire or a pause in an offensive.'],
  'safe-zone': ['Safe zones', 'Areas declared or negotiated as safe from attack.'],
  'buffer-zone': ['Buffer zones', 'Bands separating the forces of the parties, or patrolled between them.'],
  'demilitarised-zone': ['Demilitarised zones', 'Areas from which the parties agreed, or were asked, to withdraw forces or heavy weapons.'],
  'deconfliction-zone': ['Deconfliction zones', 'Areas and mechanisms for keeping forces of different states apart.'],
  siege: ['Sieges', 'Places encircled by one party, with the besieging and besieged parties.'],
  'humanitarian-corridor': ['Humanitarian corridors', 'Routes or crossings opened for civilians and aid.'],
  'security-corridor': ['Security corridors', 'Strips along roads or lines, kept clear or patrolled under an agreement.'],
  'observation-post': ['Observation posts', 'Points where monitors or foreign forces watch over an arrangement.'],
}

export const OGC_COLLECTIONS: readonly OgcCollection[] = [
  {
    id: 'zones',
    title: 'Ceasefire and de-escalation zones',
    description: 'Every zone, of every kind, with its status, dates, parties and sponsors. All geometries in the seed dataset are approximate.',
    features: 'zones',
  },
  ...KINDS.map((kind): OgcCollection => ({ id: kind, title: KIND_TEXT[kind][0], description: KIND_TEXT[kind][1], features: 'zones', kind })),
  {
    id: 'agreements',
    title: 'Agreements',
    description: "The agreements behind the zones, with their parties and the zones they create, change, confirm or end; each drawn as the union of its zones' outlines in force on the day it was signed.",
    features: 'agreements',
  },
  {
    id: 'incidents',
    title: 'Incidents',
    description:
      'Events that ACLED and UCDP GED record, and the ceasefire violations the parties reported, each at its point (or the area where only an area is known) ' +
      'and on its days, with its type, actors and fatalities. Read-only: they are imported from the datasets.',
    features: 'incidents',
  },
]

export function findCollection(id: string): OgcCollection | undefined {
  return OGC_COLLECTIONS.find((collection) => collection.id === id)
}
