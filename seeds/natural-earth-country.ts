import { readFileSync } from 'node:fs'
import path from 'node:path'
import { feature } from 'topojson-client'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { PROJECT_ROOT } from '../server/project-root.ts'

/** Natural Earth at 1:50m, as world-atlas bundles it and the map's offline basemap draws it. */
export const NATURAL_EARTH = 'Natural Earth 1:50m (world-atlas 2.0.2, countries-50m.json)'
const COUNTRIES = path.join(PROJECT_ROOT, 'node_modules', 'world-atlas', 'countries-50m.json')

let topology: Topology<{ countries: GeometryCollection<{ name: string }> }> | undefined

/**
 * A country's outline as Natural Earth draws it (de facto borders: the occupied Golan lies in
 * Israel's polygon), by its Natural Earth name.
 *
 * @example naturalEarthCountry('Syria') // Feature<Polygon>
 */
export function naturalEarthCountry(name: string): Feature<Polygon | MultiPolygon> {
  topology ??= JSON.parse(readFileSync(COUNTRIES, 'utf8'))
  const countries = topology!.objects.countries
  const found = countries.geometries.find((geometry) => (geometry.properties as { name?: string } | undefined)?.name === name)
  if (!found) throw new Error(`Natural Earth has no country named ${name}`)
  return feature(topology!, found) as Feature<Polygon | MultiPolygon>
}
