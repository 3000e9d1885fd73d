import type { Knex } from 'knex'

/**
 * Notes on how the data was curated (which file an outline was copied from, which section of the
 * working notes a date comes from) are for editors, not readers: they go into `curation_note`
 * columns that the public API and map never show.
 *
 * - zones.notes becomes zones.curation_note: it was only ever the editors' note.
 * - status_changes and zone_parties get a curation_note.
 * - A history note that names the working files is moved whole into its curation_note: a
 *   migration cannot tell the reader's part of a sentence from the editor's, so an editor copies
 *   the reader's part back if there is one. Other notes, descriptions and outline notes stay where
 *   they are (the seed data is split by hand).
 */
const CURATION_WORDING = `'approx-geometries|2018-2026 notes|2017 facts'`

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table zones rename column notes to curation_note')
  await knex.raw('alter table status_changes add column curation_note text')
  await knex.raw('alter table zone_parties add column curation_note text')
  await knex.raw(`update status_changes set curation_note = note, note = null where note ~* ${CURATION_WORDING}`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`update status_changes set note = curation_note where note is null and curation_note ~* ${CURATION_WORDING}`)
  await knex.raw('alter table zone_parties drop column curation_note')
  await knex.raw('alter table status_changes drop column curation_note')
  await knex.raw('alter table zones rename column curation_note to notes')
}
