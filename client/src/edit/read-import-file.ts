import { kml } from '@tmcw/togeojson'
import type { Feature, FeatureCollection, Geometry } from 'geojson'

/**
 * A file chosen for import, as a GeoJSON FeatureCollection: GeoJSON as it is, KML converted in the
 * browser (togeojson on the DOMParser's document). KML data values are text, so the values the
 * import reads as other types (approximate, parties, nulls) are turned back into them.
 */
export async function readImportFile(file: File): Promise<FeatureCollection<Geometry | null>> {
  return parseImportText(await file.text(), file.name)
}

export function parseImportText(text: string, fileName = ''): FeatureCollection<Geometry | null> {
  const trimmed = text.trimStart()
  const isKml = /\.kml$/i.test(fileName) || trimmed.startsWith('<')
  if (isKml) {
    const document = new DOMParser().parseFromString(text, 'application/xml')
    const failure = document.querySelector('parsererror')
    if (failure) throw new Error(`${fileName || 'The file'} is not well-formed KML: ${failure.textContent?.trim().split('\n')[0] ?? ''}`)
    const converted = kml(document) as FeatureCollection<Geometry | null>
    return { type: 'FeatureCollection', features: converted.features.map((feature) => ({ ...feature, properties: fromKmlProperties(feature.properties ?? {}) })) }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(`${fileName || 'The file'} is neither GeoJSON nor KML: ${error instanceof Error ? error.message : String(error)}`)
  }
  const object = value as { type?: unknown; features?: unknown }
  if (object?.type === 'Feature') return { type: 'FeatureCollection', features: [value as Feature<Geometry | null>] }
  if (object?.type !== 'FeatureCollection' || !Array.isArray(object.features)) throw new Error(`${fileName || 'The file'} is not a GeoJSON FeatureCollection`)
  return value as FeatureCollection<Geometry | null>
}

const BOOLEAN_KEYS = new Set(['approximate'])
const JSON_KEYS = new Set(['parties'])
/** KML styling that togeojson reads back, which the import has no use for. */
const STYLE_KEYS = new Set(['styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'visibility'])

export function fromKmlProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(properties)) {
    if (STYLE_KEYS.has(key)) continue
    if (typeof raw !== 'string') {
      result[key] = raw
      continue
    }
    const value = raw.trim()
    if (value === '') continue
    if (value === 'null') result[key] = null
    else if (BOOLEAN_KEYS.has(key) && (value === 'true' || value === 'false')) result[key] = value === 'true'
    else if (JSON_KEYS.has(key) && value.startsWith('[')) {
      try {
        result[key] = JSON.parse(value)
      } catch {
        result[key] = value
      }
    } else result[key] = value
  }
  return result
}
