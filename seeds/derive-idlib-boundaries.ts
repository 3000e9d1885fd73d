import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { area, difference, featureCollection, polygon, truncate } from '@turf/turf'
import type { Feature, FeatureCollection, Polygon, MultiPolygon, Position } from 'geojson'
import { PROJECT_ROOT } from '../server/project-root.ts'

/**
 * Derives the later outlines of the Idlib de-escalation zone from its September 2017 outline, by
 * cutting away, stage after stage, the area on the government side of a line drawn through points
 * about 2 km (0.02 degrees) beyond towns the sources report as taken. No source gives the line itself:
 * each cut is an illustration built only from the sourced town points listed below, and the cut
 * polygons are written out whole so anyone can redraw them.
 *
 * Run after changing a cut: `npx tsx seeds/derive-idlib-boundaries.ts` (rewrites the stage features
 * in seeds/data/geometries.geojson; the output is deterministic, coordinates to 5 decimals).
 */

const GEOMETRIES = path.join(PROJECT_ROOT, 'seeds', 'data', 'geometries.geojson')
const ZONE = 'idlib-de-escalation-zone'
const OFFSET = 0.02 // degrees, about 2 km: how far beyond a sourced town a cut line runs

/** Sourced town points, [lon, lat], with the source of each coordinate. */
export const TOWNS = {
  abuAlDuhur: { at: [37.05, 35.73], source: 'item D of the 2018-2026 notes (gazetteer point; the supplement found no sourced coordinate)' },
  qalaatAlMadiq: { at: [36.39, 35.41], source: 'T198' },
  kafrNabudah: { at: [36.49278, 35.43167], source: 'T183' },
  khanShaykhun: { at: [36.65111, 35.43889], source: 'T193' },
  morek: { at: [36.68722, 35.37528], source: 'T194' },
  kafrZita: { at: [36.60167, 35.37361], source: 'T196' },
  alLataminah: { at: [36.6225, 35.3208], source: 'T197' },
  kafrNabl: { at: [36.56111, 35.61389], source: 'T222' },
  maaratAlNuman: { at: [36.667, 35.633], source: 'T220' },
  saraqib: { at: [36.80056, 35.86361], source: 'T221' },
  aleppo: { at: [37.167, 36.217], source: 'T8' },
} as const satisfies Record<string, { at: readonly [number, number]; source: string }>

const shift = ([lon, lat]: readonly [number, number], east: number, north: number): Position => [round(lon + east * OFFSET), round(lat + north * OFFSET)]
const round = (value: number): number => Math.round(value * 1e5) / 1e5

/**
 * Each stage: the government side as a closed ring (its open side runs well outside the zone), and
 * the towns it must leave on the government side (checked below).
 */
export const STAGES = [
  {
    id: `${ZONE}--2018-01`,
    // Abu al-Duhur airbase (January 2018): a box from 2 km west of the airbase to beyond the zone's
    // eastern edge, 0.05 degrees (about 5.5 km) north and south of it. Its extent is not in the sources.
    governmentSide: [
      shift(TOWNS.abuAlDuhur.at, -1, -2.5),
      [37.3, round(TOWNS.abuAlDuhur.at[1] - 2.5 * OFFSET)],
      [37.3, round(TOWNS.abuAlDuhur.at[1] + 2.5 * OFFSET)],
      shift(TOWNS.abuAlDuhur.at, -1, 2.5),
    ],
    taken: ['abuAlDuhur'],
  },
  {
    id: `${ZONE}--2019-08`,
    // The southern pocket (April-August 2019): a line 2 km north of Qalaat al-Madiq, Kafr Nabudah and
    // Khan Shaykhun, then south 3 km east of Morek, so that Kafr Zita, al-Lataminah and Morek fall
    // on the government side with them.
    governmentSide: [
      [36.3, 35.45],
      shift(TOWNS.qalaatAlMadiq.at, 0, 1),
      shift(TOWNS.kafrNabudah.at, 0, 1),
      shift(TOWNS.khanShaykhun.at, 0, 1),
      [round(TOWNS.morek.at[0] + 0.03), round(TOWNS.khanShaykhun.at[1] + OFFSET)],
      [round(TOWNS.morek.at[0] + 0.05), 35.3],
      [36.3, 35.3],
    ],
    taken: ['qalaatAlMadiq', 'kafrNabudah', 'khanShaykhun', 'morek', 'kafrZita', 'alLataminah'],
  },
  {
    id: `${ZONE}--2020-03`,
    // December 2019 - March 2020: from the 2019 line at Kafr Nabudah to 2 km north-west of Kafr Nabl,
    // 2 km north of Maarat al-Numan, 2 km north-west of Saraqib, then along the Saraqib-Aleppo line
    // (the M5, held by the government) 2 km to its north-west; everything east of it is cut.
    governmentSide: [
      shift(TOWNS.kafrNabudah.at, 0, 1),
      shift(TOWNS.kafrNabl.at, -1, 1),
      shift(TOWNS.maaratAlNuman.at, 0, 1),
      shift(TOWNS.saraqib.at, -1, 1),
      shift(TOWNS.aleppo.at, -1, 1),
      [37.3, round(TOWNS.aleppo.at[1] + OFFSET)],
      [37.3, 35.2],
      [TOWNS.kafrNabudah.at[0], 35.2],
    ],
    taken: ['kafrNabl', 'maaratAlNuman', 'saraqib'],
  },
] as const

type Outline = Feature<Polygon | MultiPolygon, Record<string, unknown>>

/** The zone's outline after each stage, each cut from the one before. */
export function deriveStages(first: Feature<Polygon>): Array<{ id: string; geometry: Polygon | MultiPolygon; area_km2: number }> {
  let current: Feature<Polygon | MultiPolygon> = first
  return STAGES.map((stage) => {
    const ring = [...stage.governmentSide, stage.governmentSide[0]] as Position[]
    const cut = difference(featureCollection([current, polygon([ring])]))
    if (!cut) throw new Error(`stage ${stage.id} cuts away the whole zone`)
    current = truncate(cut, { precision: 5, coordinates: 2 })
    return { id: stage.id, geometry: current.geometry, area_km2: Math.round(area(current) / 1e6) }
  })
}

function main(): void {
  const collection = JSON.parse(readFileSync(GEOMETRIES, 'utf8')) as FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>
  const first = collection.features.find((feature) => feature.id === ZONE) as Feature<Polygon> | undefined
  if (!first) throw new Error(`no feature ${ZONE}`)
  const stageIds = new Set<string>(STAGES.map((stage) => stage.id))
  const kept = collection.features.filter((feature) => !stageIds.has(String(feature.id)))
  const derived: Outline[] = deriveStages(first).map((stage, index) => ({
    type: 'Feature',
    id: stage.id,
    properties: {
      approximate: true,
      public_note: PUBLIC_NOTES[index],
      built_from: `Derived by seeds/derive-idlib-boundaries.ts from ${index === 0 ? ZONE : STAGES[index - 1]!.id}: cut along the ring ${JSON.stringify(STAGES[index]!.governmentSide)} (government side); towns on the government side: ${STAGES[index]!.taken.map((town) => `${town} ${JSON.stringify(TOWNS[town].at)} (${TOWNS[town].source})`).join(', ')}`,
      derived_from: index === 0 ? ZONE : STAGES[index - 1]!.id,
      area_km2_approx: stage.area_km2,
    },
    geometry: stage.geometry,
  }))
  const zoneIndex = kept.findIndex((feature) => feature.id === ZONE)
  kept.splice(zoneIndex + 1, 0, ...derived)
  writeFileSync(GEOMETRIES, `${JSON.stringify({ ...collection, features: kept }, null, 1)}\n`)
  for (const stage of derived) console.log(stage.id, stage.properties['area_km2_approx'], 'km2')
}

const PUBLIC_NOTES = [
  'Approximate outline drawn from town coordinates and Natural Earth borders, for illustration: the September 2017 outline with the area around the Abu al-Duhur airbase, taken by the government in January 2018, cut away along a line about 2 km west of the airbase. How far north and south that area reached is not in the sources; no official map was published.',
  'Approximate outline drawn from town coordinates and Natural Earth borders, for illustration: the previous outline cut along a line about 2 km north of Qalaat al-Madiq, Kafr Nabudah and Khan Shaykhun and east of Morek, which the sources report on the government side after August 2019 with Kafr Zita and al-Lataminah. No source gives the line itself; no official map was published.',
  'Approximate outline drawn from town coordinates and Natural Earth borders, for illustration: the previous outline cut along a line about 2 km north of Kafr Nabl and Maarat al-Numan, west of Saraqib and along the M5 towards Aleppo, which the sources report on the government side by March 2020. No source gives the line itself; no official map was published.',
]

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) main()
