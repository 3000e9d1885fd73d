import type { Knex } from 'knex'
import { checkIn } from './column-helpers.ts'

/** The grades as they were when this migration was written (server/domain/source-reliability.ts). */
const RELIABILITIES = ['primary-document', 'wire-agency', 'established-outlet', 'reference-work', 'state-or-partisan-outlet', 'blog-or-mirror']

/**
 * sources.reliability: how far the source can be relied on, graded by its outlet (the seed grades
 * each by its web address, seeds/data/outlets.csv); null where it has not been graded.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table sources add column reliability text constraint sources_reliability_check check (${checkIn('reliability', RELIABILITIES)})`)
  await knex.raw(`comment on column sources.reliability is 'how far the source can be relied on, graded by its outlet; null where not graded'`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table sources drop column reliability')
}
