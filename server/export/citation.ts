import { Cite, plugins } from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-csl'
import '@citation-js/plugin-ris'
import { CITATION_STYLE_CSL } from './citation-style.ts'

/** What a reader needs to cite an export: the date it shows, the data version and when and where it was retrieved. */
export interface ExportCitation {
  /** The date the zones are shown as of (YYYY-MM-DD): the one asked for, or today. */
  asOf: string
  /** The data version (it grows with every change to the zones) the export was read at. */
  dataVersion: number
  /** When the export was made (ISO 8601, UTC). */
  retrievedAt: string
  /** The address it was retrieved from. */
  url: string
}

/** A citation of one thing the Atlas shows (a zone, or a set of zones): an export's citation with what is cited. */
export interface Citation extends ExportCitation {
  /** What is cited, without the date: a zone's name, or "Zones". */
  subject: string
  /** A key for reference managers (BibTeX label, RIS ID, CSL id): ASCII letters, digits and hyphens. */
  key: string
  /** The instant of the record cited (RFC 3339): the permalink shows the data as recorded then. */
  recordedAsOf?: string | undefined
}

/** The publisher, and the author of every citation: the Atlas's editors as one body. */
export const PUBLISHER = 'Truce Atlas'

export type CitationFormat = 'text' | 'csl-json' | 'bibtex' | 'ris'

export const CITATION_FORMATS = ['text', 'csl-json', 'bibtex', 'ris'] as const

/** The media type of each format. */
export const CITATION_MEDIA_TYPES: Record<CitationFormat, string> = {
  text: 'text/plain',
  'csl-json': 'application/vnd.citationstyles.csl+json',
  bibtex: 'application/x-bibtex',
  ris: 'application/x-research-info-systems',
}

/** The file extension a download of each format is saved with. */
export const CITATION_EXTENSIONS: Record<CitationFormat, string> = { text: 'txt', 'csl-json': 'json', bibtex: 'bib', ris: 'ris' }

// The text is written by the CSL processor with the Atlas's own style.
const STYLE = 'truce-atlas'
plugins.config.get('@csl').styles.add(STYLE, CITATION_STYLE_CSL)
// The BibTeX label is the citation's key, so it is the same in every format and stable across requests.
// citation-js's ASCII-only output drops every letter it has no LaTeX command for (all of Arabic), so
// text is written as UTF-8, and the characters LaTeX reads as markup are escaped here (see latexText).
const bibtexOutput = plugins.config.get('@bibtex').format
bibtexOutput.useIdAsLabel = true
bibtexOutput.asciiOnly = false

const dateParts = (isoDate: string): { 'date-parts': [[number, number, number]] } => {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number]
  return { 'date-parts': [[year, month, day]] }
}

/**
 * The citation as a CSL-JSON item (the data every other format is written from): a data set by the
 * Atlas, titled with what it shows and the date it shows it as of, issued as recorded at the instant
 * cited (or when retrieved), accessed when retrieved, at the permanent URL.
 *
 *   cslItem({ subject: 'Idlib de-escalation zone', asOf: '2017-09-15', dataVersion: 41, ... })
 *   // { type: 'dataset', title: 'Idlib de-escalation zone as of 2017-09-15', version: '41', ... }
 */
export function cslItem(citation: Citation): Record<string, unknown> {
  const notes = [`Data version ${citation.dataVersion}`, `shown as of ${citation.asOf}`]
  if (citation.recordedAsOf) notes.push(`as recorded at ${citation.recordedAsOf}`)
  notes.push(`retrieved ${citation.retrievedAt.slice(0, 10)}`)
  return {
    id: citation.key,
    type: 'dataset',
    title: `${citation.subject} as of ${citation.asOf}`,
    author: [{ literal: PUBLISHER }],
    publisher: PUBLISHER,
    version: String(citation.dataVersion),
    issued: dateParts(citation.recordedAsOf ?? citation.retrievedAt),
    accessed: dateParts(citation.retrievedAt),
    URL: citation.url,
    note: notes.join('; '),
  }
}

/** The citation in one format, written by citation-js (CSL processor, BibTeX and RIS writers). */
export function formatCitation(citation: Citation, format: CitationFormat): string {
  const item = cslItem(citation)
  const cite = new Cite(item)
  switch (format) {
    case 'text':
      return cite.format('bibliography', { format: 'text', template: STYLE, lang: 'en-GB' }).trim()
    case 'csl-json':
      return `${JSON.stringify([item], null, 2)}\n`
    case 'bibtex':
      // BibTeX has a year and a month, no day (citation-js would write "dec 6" as the month): the day is in the note.
      return `${new Cite({ ...item, issued: yearAndMonth(item['issued']), title: latexText(String(item['title'])), note: latexText(String(item['note'])) }).format('bibtex', { format: 'text' }).trim()}\n`
    case 'ris':
      return risText(cite.format('ris', { format: 'object' }), citation.key)
  }
}

/** LaTeX's special characters (and the tags citation-js would read as rich text) as the text they are. */
const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
}
const latexText = (text: string): string => text.replace(/[\\{}$&%#_^~<>]/g, (character) => LATEX_SPECIALS[character]!)

/**
 * RIS records from citation-js's mapping, one tag a line and lines ended by CRLF as the RIS
 * specification says. (citation-js's own text output folds values at 70 characters, which cuts
 * long URLs in two for most readers.)
 */
function risText(records: ReadonlyArray<Record<string, string | string[]>>, key: string): string {
  const lines: string[] = []
  for (const record of records) {
    lines.push(`TY  - ${String(record['TY'])}`)
    for (let [tag, values] of Object.entries(record)) {
      if (tag === 'TY') continue
      // citation-js cuts the ID to 20 characters; the key is kept whole, as in the other formats.
      if (tag === 'ID') values = key
      for (const value of [values].flat()) lines.push(`${tag}  - ${String(value).replace(/\s*[\r\n]+\s*/g, ' ')}`)
    }
    lines.push('ER  - ')
  }
  return `${lines.join('\r\n')}\r\n`
}

/** The one-line text citation of an export of zones (the KML's description, the GeoJSON's `citation`). */
export function exportCitationText(citation: ExportCitation): string {
  return formatCitation({ ...citation, subject: 'Zones', key: `truce-atlas-zones-${citation.asOf}` }, 'text')
}

/** A CSL date of year, month and day as its year and month only. */
function yearAndMonth(date: unknown): { 'date-parts': number[][] } {
  const [year, month] = (date as { 'date-parts': number[][] })['date-parts'][0]!
  return { 'date-parts': [[year!, month!]] }
}
