import type { Knex } from 'knex'

/**
 * The characters search folds, frozen as they were when this migration was written (the client's
 * search folds text the same way: client/src/search-text.ts, checked against this function by a test).
 * - Latin letters with diacritics, as gazetteers write Arabic names (Ḩimş, Darʿā, Raqqah), to the plain letter.
 * - Arabic: the hamza and madda forms of alef to a plain alef, teh marbuta to heh, alef maksura to yeh.
 * - Removed: apostrophes and the ayn/hamza signs of transliteration (Dar'a, Darʿa), hyphens (ar-Raqqa),
 *   Arabic short vowels and other marks (tashkeel), the superscript alef and the tatweel.
 */
const FOLDS: Record<string, string> = {
  a: 'áàâäãåāăą', c: 'çćč', d: 'ďḍḑ', e: 'éèêëēėę', g: 'ğġḡ', h: 'ḥḩḫ', i: 'íìîïīı', k: 'ķḳ', l: 'łļ', n: 'ñńň',
  o: 'óòôöõōő', r: 'řŗ', s: 'śšşṣș', t: 'ťţṭț', u: 'úùûüūůű', y: 'ýÿ', z: 'žźżẓẕ',
  'ا': 'أإآٱ', 'ه': 'ة', 'ي': 'ى',
}
// lower() folds only ASCII under the C locale (PGlite's), so capitals with diacritics are listed too.
const FOLD_PAIRS = Object.entries(FOLDS).flatMap(([to, from]) =>
  [...from].flatMap((letter) => [[letter, to], ...(letter.toUpperCase() !== letter && !/^[A-Z]$/.test(letter.toUpperCase()) ? [[letter.toUpperCase(), to]] : [])]),
)
const FOLD_FROM = FOLD_PAIRS.map(([from]) => from).join('')
const FOLD_TO = FOLD_PAIRS.map(([, to]) => to).join('')
const REMOVED = "'’‘`ʿʾʼ´-‐‑–—" + '\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640'

/**
 * Arabic names beside the English ones, and the spellings search matches:
 * - zones.name_ar, parties.name_ar and agreements.title_ar: the name in its standard Arabic
 *   spelling, or null where none is known for certain (never a guess).
 * - zones.search_names and parties.search_names: other spellings of the place or party found in
 *   sources and gazetteers (Daraa, Dar'a, Deraa), which search matches but nothing displays.
 * - atlas_search_text(text): text folded for search (lower case, diacritics, apostrophes, hyphens and
 *   Arabic letter variants folded away), so that `Dar'a` finds Dar`a and درعا finds دَرْعا. PGlite
 *   has no unaccent extension, so the folding is one immutable SQL function.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create function atlas_search_text(value text) returns text language sql immutable parallel safe strict as $$
    select translate(lower(value), '${`${FOLD_FROM}${REMOVED}`.replaceAll("'", "''")}', '${FOLD_TO}')
  $$`)
  await knex.raw("alter table zones add column name_ar text, add column search_names text[] not null default '{}'")
  await knex.raw("alter table parties add column name_ar text, add column search_names text[] not null default '{}'")
  await knex.raw('alter table agreements add column title_ar text')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table agreements drop column title_ar')
  await knex.raw('alter table parties drop column name_ar, drop column search_names')
  await knex.raw('alter table zones drop column name_ar, drop column search_names')
  await knex.raw('drop function atlas_search_text(text)')
}
