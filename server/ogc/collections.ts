import { KINDS, type Kind } from '../domain/kinds.ts'
import { GEOMETRY_FAMILIES, GEOMETRY_FAMILY_TYPES, type GeometryFamily } from '../domain/geometry-families.ts'

/**
 * The feature collections served under /ogc: `zones` with every zone, the zones of each geometry
 * family (`zones-areas`, `zones-lines`, `zones-points`: one geometry type per layer, as desktop GIS
 * wants), one per kind whose id is the kind's slug, `agreements` and `incidents`. A collection is a fixed view on the zones, the agreements
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
  /** The geometry family of its zones; none for `zones` and the kinds' collections, which mix them. */
  geometryFamily?: GeometryFamily
}

const FAMILY_TEXT: Record<GeometryFamily, [title: string, description: string]> = {
  areas: ['Zones drawn as areas', 'The zones whose geometry is a polygon or a multipolygon, of every kind: one geometry type, for desktop GIS layers.'],
  lines: ['Zones drawn as lines', 'The zones whose geometry is a line or a multiline (an area of separation drawn by its axis, a corridor by its route), of every kind.'],
  points: ['Zones drawn as points', 'The zones whose geometry is a point or a multipoint (observation posts, crossings), of every kind.'],
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
  ...GEOMETRY_FAMILIES.map((family): OgcCollection => ({
    id: `zones-${family}`,
    title: FAMILY_TEXT[family][0],
    description: `${FAMILY_TEXT[family][1]} Each is served as a ${GEOMETRY_FAMILY_TYPES[family][1]}; zones drawn as a geometry collection, or not drawn, are only in \`zones\`.`,
    features: 'zones',
    geometryFamily: family,
  })),
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
