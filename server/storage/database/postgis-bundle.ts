import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rename, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { postgis } from '@electric-sql/pglite-postgis'
import type { Extension } from '@electric-sql/pglite'
import * as tar from 'tar'

/**
 * PGlite's PostGIS with only the `postgis` extension. PGlite compiles every library in an extension's
 * bundle when it opens, and the bundle also carries postgis_raster and postgis_topology, which this
 * service never creates: about 31 MB of WebAssembly, most of the embedded server's memory (some 400
 * MB of compiled code) and a good part of its start. The smaller bundle is written once per PostGIS
 * version to the system's temporary folder and reused by every later start.
 */
const UNUSED_EXTENSIONS = /(^|\/)(postgis_raster|postgis_topology|postgis_tiger_geocoder|rtpostgis|topology|raster_|uninstall_rtpostgis|uninstall_topology)[^/]*$/
/**
 * Scripts CREATE EXTENSION never reads: contrib/ is for installing PostGIS without the extension
 * mechanism, and the "unpackaged" script upgrades such an install. A quarter of the bundle, which
 * PGlite unpacks through a gzip stream at every start.
 */
const UNUSED_SCRIPTS = /(^|\/)(share\/postgresql\/contrib\/.*|postgis--unpackaged--[^/]*)$/
const isUnused = (entry: string) => UNUSED_EXTENSIONS.test(entry) || UNUSED_SCRIPTS.test(entry)

const ENTRY = createRequire(import.meta.url).resolve('@electric-sql/pglite-postgis')
const FULL_BUNDLE = path.join(path.dirname(ENTRY), 'postgis.tar.gz')
const VERSION = (JSON.parse(readFileSync(path.join(path.dirname(ENTRY), '..', 'package.json'), 'utf8')) as { version: string }).version

let bundle: Promise<URL> | undefined

/** The path of the bundle without the unused extensions, written at the first call of the process if missing. */
function postgisOnlyBundle(): Promise<URL> {
  bundle ??= writeBundle()
  return bundle
}

async function writeBundle(): Promise<URL> {
  // Named by what it holds, so a bundle cut by an earlier rule is never reused.
  const recipe = createHash('sha256').update(`${UNUSED_EXTENSIONS.source}\n${UNUSED_SCRIPTS.source}`).digest('hex').slice(0, 8)
  const target = path.join(os.tmpdir(), `truce-atlas-postgis-${VERSION}-${recipe}.tar.gz`)
  if (await exists(target)) return new URL(`file://${target}`)
  const folder = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-postgis-'))
  try {
    const kept: string[] = []
    await tar.x({ file: FULL_BUNDLE, cwd: folder, filter: (entry) => !isUnused(entry.replace(/\/$/, '')) })
    await tar.t({ file: FULL_BUNDLE, onReadEntry: (entry) => { if (!isUnused(entry.path.replace(/\/$/, ''))) kept.push(entry.path) } })
    const written = path.join(folder, 'bundle.tar.gz')
    await tar.c({ gzip: true, file: written, cwd: folder, portable: true, noDirRecurse: true }, kept)
    // Another process may be writing the same bundle: each writes its own, the last rename wins, both whole.
    await rename(written, target)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
  return new URL(`file://${target}`)
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false)
}

/** The `postgis` extension for PGlite.create, loading the smaller bundle. */
export const postgisExtension: Extension = {
  name: 'postgis',
  async setup(pg, emscriptenOptions) {
    const setup = await postgis.setup(pg, emscriptenOptions)
    return { ...setup, bundlePath: await postgisOnlyBundle() }
  },
}
