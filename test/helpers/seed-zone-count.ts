import { readDataset } from '../../seeds/read-dataset.ts'
import { DATASET_DIR } from '../../seeds/syria-dataset.ts'

/** The zones the seed loads, as the dataset files give them: counts in tests follow the data. */
export const SEED_ZONES = readDataset(DATASET_DIR).zones
