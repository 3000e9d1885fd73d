import type { Knex } from 'knex'
import * as syriaDataset from './syria-dataset.ts'

/** The seeds in the order they run. Listed here so they load the same under tsx and vitest. */
const SEEDS: ReadonlyArray<[name: string, seed: { seed: (knex: Knex) => Promise<void> }]> = [['syria-dataset', syriaDataset]]

export const seedSource = {
  getSeeds: async () => SEEDS.map(([name]) => name),
  getSeed: async (name: string) => {
    const found = SEEDS.find(([candidate]) => candidate === name)
    if (!found) throw new Error(`Unknown seed ${name}`)
    return found[1]
  },
}

/** Runs every seed (each is idempotent). */
export async function runSeeds(knex: Knex): Promise<void> {
  await knex.seed.run({ seedSource } as Knex.SeederConfig)
}
