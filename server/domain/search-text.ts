/**
 * Text folded for search, so that the usual spellings of a name find each other: lower case,
 * Latin diacritics folded to the plain letter (Ḩimş -> hims), apostrophes, transliteration signs and
 * hyphens removed (Dar'a, Darʿa -> dara; ar-Raqqa -> arraqqa), the Arabic alef forms (أ إ آ ٱ) to ا,
 * ة to ه, ى to ي, and the short vowels, other marks and the tatweel removed (دَرْعا -> درعا).
 *
 * The server matches with the same folding in SQL (atlas_search_text, migration 017); the map's
 * search box uses this function. A test checks that both fold the same characters alike.
 */

const FOLDS: Readonly<Record<string, string>> = {
  a: 'áàâäãåāăą', c: 'çćč', d: 'ďḍḑ', e: 'éèêëēėę', g: 'ğġḡ', h: 'ḥḩḫ', i: 'íìîïīı', k: 'ķḳ', l: 'łļ', n: 'ñńň',
  o: 'óòôöõōő', r: 'řŗ', s: 'śšşṣș', t: 'ťţṭț', u: 'úùûüūůű', y: 'ýÿ', z: 'žźżẓẕ',
  'ا': 'أإآٱ', 'ه': 'ة', 'ي': 'ى',
}

/** Characters search ignores: apostrophes and transliteration signs, hyphens and dashes, Arabic marks and the tatweel. */
export const IGNORED_IN_SEARCH = "'’‘`ʿʾʼ´-‐‑–—" + '\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640'

/** Each folded character and what it becomes (the capitals too). */
export const SEARCH_FOLDS: ReadonlyMap<string, string> = new Map(
  Object.entries(FOLDS).flatMap(([to, from]) => [...from].flatMap((letter) => [[letter, to], [letter.toUpperCase(), to]] as const)),
)

const IGNORED = new Set(IGNORED_IN_SEARCH)

/** `text` as search compares it (see the module's comment). */
export function searchText(text: string): string {
  let folded = ''
  for (const character of text.toLowerCase()) {
    if (IGNORED.has(character)) continue
    folded += SEARCH_FOLDS.get(character) ?? character
  }
  return folded
}
