import { todayUtc } from '../../../server/domain/export-file-name.ts'

export type ImageFormat = 'png' | 'svg'

/**
 * The name an exported image is saved under, like the downloads of zones
 * (server/domain/export-file-name.ts): `truce-atlas_<date>[_2x].<format>`, the date the map shows
 * or today's for the latest state, e.g. truce-atlas_2017-07-09.png, truce-atlas_2017-07-09_2x.png.
 */
export function imageFileName(format: ImageFormat, date: string | null, scale = 1): string {
  return `truce-atlas_${date ?? todayUtc()}${format === 'png' && scale !== 1 ? `_${scale}x` : ''}.${format}`
}
