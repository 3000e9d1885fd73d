import { createCB } from 'xmlbuilder2'
import type { XMLBuilderCB } from 'xmlbuilder2/lib/interfaces.js'
import { STATUS_COLOURS } from '../domain/status-colours.ts'
import { STATUSES, type Status } from '../domain/statuses.ts'
import type { KmlPart, ZoneKmlRow } from '../storage/repositories/zone-features-repository.ts'
import { exportCitationText, type ExportCitation } from './citation.ts'
import { xmlText } from './xml-text.ts'

const KML_NAMESPACE = 'http://www.opengis.net/kml/2.2'
/** Fill opacity of the status styles (KML alpha, hex), so the basemap shows through as on the map. */
const FILL_ALPHA = '80'

/** Google Earth renders a description as HTML: escaped once more, it shows the text as written. */
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const plainTextForHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!)

/** #RRGGBB as KML's aabbggrr. */
const kmlColour = (hex: string, alpha: string): string => `${alpha}${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}`.toLowerCase()

export const statusStyleId = (status: Status): string => `status-${status}`

function writeData(xml: XMLBuilderCB, values: ReadonlyArray<[string, string | number | boolean | null]>): void {
  xml.ele('ExtendedData')
  for (const [name, value] of values) {
    if (value === null) continue
    xml.ele('Data', { name }).ele('value').txt(xmlText(String(value))).up().up()
  }
  xml.up()
}

function writeStyles(xml: XMLBuilderCB): void {
  for (const status of STATUSES) {
    const colour = STATUS_COLOURS[status]
    xml.ele('Style', { id: statusStyleId(status) })
    xml.ele('IconStyle').ele('color').txt(kmlColour(colour, 'ff')).up().up()
    xml.ele('LineStyle').ele('color').txt(kmlColour(colour, 'ff')).up().ele('width').txt('2').up().up()
    xml.ele('PolyStyle').ele('color').txt(kmlColour(colour, FILL_ALPHA)).up().up()
    xml.up()
  }
}

function writePart(xml: XMLBuilderCB, part: KmlPart): void {
  const coordinates = (text: string | undefined) => xml.ele('coordinates').txt(text ?? '').up()
  if (part.type === 'POINT') {
    xml.ele('Point')
    coordinates(part.rings[0])
  } else if (part.type === 'LINESTRING') {
    xml.ele('LineString').ele('tessellate').txt('1').up()
    coordinates(part.rings[0])
  } else {
    xml.ele('Polygon')
    part.rings.forEach((ring, index) => {
      xml.ele(index === 0 ? 'outerBoundaryIs' : 'innerBoundaryIs').ele('LinearRing')
      coordinates(ring)
      xml.up().up()
    })
  }
  xml.up()
}

function writePlacemark(xml: XMLBuilderCB, zone: ZoneKmlRow, zoneUrl: string): void {
  xml.ele('Placemark', { id: `zone-${zone.id}` })
  xml.ele('name').txt(xmlText(zone.name)).up()
  if (zone.description) xml.ele('description').txt(xmlText(plainTextForHtml(zone.description))).up()
  // Google Earth's time slider: from the zone's coming into force (or proposal) to its end.
  const begin = zone.in_force_from ?? zone.proposed_on
  if (begin !== null || zone.ended_on !== null) {
    xml.ele('TimeSpan')
    if (begin !== null) xml.ele('begin').txt(begin).up()
    if (zone.ended_on !== null) xml.ele('end').txt(zone.ended_on).up()
    xml.up()
  }
  xml.ele('styleUrl').txt(`#${statusStyleId(zone.status)}`).up()
  writeData(xml, [
    ['slug', zone.slug],
    ['name_ar', zone.name_ar],
    ['kind', zone.kind],
    ['status', zone.status],
    ['status_since', zone.status_since],
    ['proposed_on', zone.proposed_on],
    ['in_force_from', zone.in_force_from],
    ['ended_on', zone.ended_on],
    ['area_km2', zone.area_km2],
    ['approximate', zone.approximate],
    ['sponsors', zone.sponsors.join('; ')],
    ['parties', zone.parties.map((party) => `${party.slug}:${party.role}`).join('; ')],
    ['source_urls', zone.source_urls.join(' ')],
    ['source_reliability', zone.source_reliability.join(' ')],
    ['url', zoneUrl],
  ])
  if (zone.kml_parts.length === 1) writePart(xml, zone.kml_parts[0]!)
  else if (zone.kml_parts.length > 1) {
    xml.ele('MultiGeometry')
    for (const part of zone.kml_parts) writePart(xml, part)
    xml.up()
  }
  xml.up()
}

/**
 * Zones as KML for Google Earth and other desktop tools, written by an XML writer (every text
 * escaped) a placemark at a time as the chunks are read: the stream takes one placemark before the
 * next is written, so memory holds one chunk of rows, never the document. Each placemark has the
 * style of its status (the map's colours) and a time span from its dates; the document says what it
 * shows as of when, at which data version, retrieved when and from where.
 */
export async function* kmlDocument(chunks: AsyncIterable<readonly ZoneKmlRow[]>, citation: ExportCitation, zoneUrl: (id: number) => string): AsyncGenerator<string> {
  const pending: string[] = []
  const flush = () => pending.splice(0).join('')
  const xml = createCB({ data: (text: string) => pending.push(text), wellFormed: true })
  xml.dec({ version: '1.0', encoding: 'UTF-8' }).ele('kml', { xmlns: KML_NAMESPACE }).ele('Document')
  xml.ele('name').txt(`Truce Atlas zones as of ${citation.asOf}`).up()
  xml
    .ele('description')
    .txt(xmlText(plainTextForHtml(exportCitationText(citation))))
    .up()
  writeStyles(xml)
  writeData(xml, [
    ['as_of', citation.asOf],
    ['data_version', citation.dataVersion],
    ['retrieved_at', citation.retrievedAt],
    ['retrieved_from', citation.url],
  ])
  yield flush()
  for await (const rows of chunks) {
    for (const zone of rows) {
      writePlacemark(xml, zone, zoneUrl(zone.id))
      yield flush()
    }
  }
  xml.up().up().end()
  yield flush()
}
