import { readDataset } from '../../seeds/read-dataset.ts'
import { DATASET_DIR } from '../../seeds/syria-dataset.ts'

/** The zones the seed loads, as the dataset files give them: counts in tests follow the data. */
export const SEED_ZONES = readDataset(DATASET_DIR).zones

/** How many of the seed's zones are drawn with a geometry of one of these types. */
export function seedZonesDrawnAs(types: readonly string[]): number {
  return SEED_ZONES.filter((zone) => zone.geometry && types.includes(zone.geometry.type)).length
}
