import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KINDS } from '../../server/domain/kinds.ts'
import { freePort, startServer, waitForHealthy, type ServerProcess } from '../helpers/server-process.ts'
import { openEmbeddedDatabase } from '../../server/storage/database/embedded-database.ts'
import { insertIncidents } from '../helpers/incidents.ts'
import { SEED_ZONES, seedZonesDrawnAs } from '../helpers/seed-zone-count.ts'

/**
 * GDAL's OGC API - Features driver (OAPIF) against the real server: what QGIS and every GDAL-based
 * tool see. GDAL must be installed (gdal-bin; .ci/run installs it): without it these tests fail.
 */

const run = promisify(execFile)

async function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(tool, args, { env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 })
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string; stdout?: string }
    if (failure.code === 'ENOENT') {
      throw new Error(`${tool} is not installed: these tests need GDAL's command line tools (apt-get install gdal-bin; .ci/run installs them in CI)`)
    }
    throw new Error(`${tool} ${args.join(' ')} failed: ${failure.message}\n${failure.stderr ?? ''}`)
  }
}

interface LayerSummary {
  count: number
  extent: [number, number, number, number]
  /** The layer's geometry type as ogrinfo names it (Multi Polygon, Unknown (any), ...). */
  geometry: string
}

/** `ogrinfo -so` output as {layer: {count, extent, geometry}}. */
function layerSummaries(output: string): Map<string, LayerSummary> {
  const layers = new Map<string, LayerSummary>()
  for (const block of output.split(/^Layer name: /m).slice(1)) {
    const name = block.slice(0, block.indexOf('\n')).trim()
    const count = /^Feature Count: (\d+)$/m.exec(block)
    const extent = /^Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)$/m.exec(block)
    const geometry = /^Geometry: (.+)$/m.exec(block)
    expect(count, `feature count of ${name}`).not.toBeNull()
    expect(extent, `extent of ${name}`).not.toBeNull()
    expect(geometry, `geometry type of ${name}`).not.toBeNull()
    layers.set(name, { count: Number(count![1]), extent: extent!.slice(1, 5).map(Number) as LayerSummary['extent'], geometry: geometry![1]! })
  }
  return layers
}

/** Features in a GeoJSON file ogr2ogr wrote. */
async function featureCount(file: string): Promise<number> {
  return (JSON.parse(await readFile(file, 'utf8')) as { features: unknown[] }).features.length
}

// Not in a beforeAll: a missing GDAL must fail each test with the message below, never skip one.
it('has GDAL\'s ogrinfo and ogr2ogr installed', async () => {
  for (const tool of ['ogrinfo', 'ogr2ogr'] as const) expect((await gdal(tool, ['--version'])).stdout).toMatch(/^GDAL \d+\.\d+/)
})

describe('GDAL reads /ogc with its OAPIF driver', () => {
  let directory: string
  let server: ServerProcess
  let root: string

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-gdal-'))
    const dataDir = path.join(directory, 'data')
    // The first start makes and seeds the database; test incidents (fixtures, not real events) are added between two starts.
    const first = startServer({ DATA_DIR: dataDir }, await freePort())
    await waitForHealthy(first)
    await first.stop('SIGTERM')
    const db = await openEmbeddedDatabase(dataDir)
    await insertIncidents(db.knex, [
      { event_id: 'GDALFX1', geometry: { type: 'Point', coordinates: [36.63, 35.93] }, occurred_on: '2019-05-01', fatalities_best: 3 },
      { event_id: 'GDALFX2', geometry: { type: 'Polygon', coordinates: [[[37, 36], [37.5, 36], [37.5, 36.5], [37, 36.5], [37, 36]]] }, occurred_on: '2020-03-06', event_type: 'Battles', location_precision: 'region' },
    ]).finally(() => db.close())
    server = startServer({ DATA_DIR: dataDir }, await freePort())
    await waitForHealthy(server)
    root = `http://127.0.0.1:${server.port}`
  })
  afterAll(async () => {
    await server?.stop('SIGKILL')
    if (directory) await rm(directory, { recursive: true, force: true })
  })

  it('ogrinfo lists every collection with its feature count and extent', async () => {
    const { stdout } = await gdal('ogrinfo', ['-ro', '-so', '-al', `OAPIF:${root}/ogc`])
    const layers = layerSummaries(stdout)
    expect([...layers.keys()]).toEqual(['zones', 'zones-areas', 'zones-lines', 'zones-points', ...KINDS, 'agreements', 'incidents'])
    const collections = (await (await fetch(`${root}/ogc/collections`)).json()) as { collections: Array<{ id: string; extent: { spatial: { bbox: number[][] } } }> }
    for (const collection of collections.collections) {
      const layer = layers.get(collection.id)!
      const items = (await (await fetch(`${root}/ogc/collections/${collection.id}/items?limit=1`)).json()) as { numberMatched: number }
      expect(layer.count, collection.id).toBe(items.numberMatched)
      collection.extent.spatial.bbox[0]!.forEach((edge, index) => expect(layer.extent[index], `${collection.id} extent`).toBeCloseTo(edge, 5))
    }
    expect(layers.get('zones')).toEqual({ count: SEED_ZONES.length, extent: [35.75, 32.31807, 42.35982, 37.29693], geometry: 'Unknown (any)' })
    // A desktop GIS layer of one type per geometry family: every zone drawn as areas, lines or points is in one.
    expect(['zones-areas', 'zones-lines', 'zones-points'].map((id) => [id, layers.get(id)!.geometry, layers.get(id)!.count])).toEqual([
      ['zones-areas', 'Multi Polygon', seedZonesDrawnAs(['Polygon', 'MultiPolygon'])],
      ['zones-lines', 'Multi Line String', seedZonesDrawnAs(['LineString', 'MultiLineString'])],
      ['zones-points', 'Multi Point', seedZonesDrawnAs(['Point', 'MultiPoint'])],
    ])
    expect(layers.get('siege')!.count).toBe(SEED_ZONES.filter((zone) => zone.kind === 'siege').length)
    expect(stdout).toMatch(/^Layer name: siege\nMetadata:\n(.*\n)*?\s+TITLE=Sieges$/m)
    // The seeded reported violations and this test's two fixtures.
    expect(layers.get('incidents')!.count).toBeGreaterThan(2)
  })

  it('ogrinfo reads the incidents with their typed properties, and sends a date filter to the server', async () => {
    // GDAL 3.6 types a layer's fields from its first page; the seeded counts that open the collection
    // give no deaths (null), so a page that reaches the recorded deaths is asked for.
    const { stdout } = await gdal('ogrinfo', ['-ro', '-al', '-oo', 'PAGE_SIZE=1000', `OAPIF:${root}/ogc`, 'incidents', '-where', 'fatalities_best > 0'])
    expect(stdout).toMatch(/^fatalities_best: Integer/m)
    expect(stdout).toMatch(/^occurred_on: Date/m)
    expect(stdout).toMatch(/event_id \(String\) = GDALFX1/)
    expect(stdout).not.toMatch(/GDALFX2/)
    expect(stdout).toMatch(/POINT \(36\.63 35\.93\)/)
  })

  it('ogr2ogr copies every zone with its properties into a GeoPackage, following the next links', async () => {
    const gpkg = path.join(directory, 'zones.gpkg')
    const { stderr } = await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, `OAPIF:${root}/ogc`, 'zones'], { CPL_DEBUG: 'ON' })
    // GDAL pages with limit=10 and the next links: three pages or more for the seed's zones
    expect(stderr.match(/HTTP: Fetch\(.*\/ogc\/collections\/zones\/items[^)]*\)/g)).toEqual(expect.arrayContaining([
      expect.stringContaining('/ogc/collections/zones/items?limit=10)'),
      expect.stringContaining('/ogc/collections/zones/items?limit=10&offset=10)'),
      expect.stringContaining('/ogc/collections/zones/items?limit=10&offset=20)'),
      expect.stringContaining('/ogc/collections/zones/items?limit=10&offset=30)'),
    ]))

    const summary = (await gdal('ogrinfo', ['-ro', '-so', gpkg, 'zones'])).stdout
    expect(summary).toMatch(new RegExp(`^Feature Count: ${SEED_ZONES.length}$`, 'm'))
    // The features' links and version are no attribute columns.
    expect(summary).not.toMatch(/^(links|version): /m)
    for (const field of ['slug: String', 'name: String', 'kind: String', 'status: String', 'status_since: Date', 'proposed_on: Date', 'ended_on: Date', 'area_km2: Real', 'approximate: Integer\\(Boolean\\)', 'parties: String', 'sponsors: String']) {
      expect(summary).toMatch(new RegExp(`^${field}`, 'm'))
    }

    const counts = (await gdal('ogrinfo', ['-ro', '-q', gpkg, '-sql', 'SELECT count(*) AS n, count(DISTINCT fid) AS ids, count(geom) AS located FROM zones'])).stdout
    expect(counts).toMatch(new RegExp(`n \\(Integer\\) = ${SEED_ZONES.length}$`, 'm'))
    expect(counts).toMatch(new RegExp(`ids \\(Integer\\) = ${SEED_ZONES.length}$`, 'm'))
    expect(counts).toMatch(new RegExp(`located \\(Integer\\) = ${SEED_ZONES.filter((zone) => zone.geometry).length}$`, 'm'))

    const zones = (await (await fetch(`${root}/zones?geometry=false&properties=slug`)).json()) as { features: Array<{ id: number; properties: { slug: string } }> }
    const copied = (await gdal('ogrinfo', ['-ro', '-q', gpkg, '-sql', 'SELECT fid, slug FROM zones ORDER BY fid'])).stdout
    const pairs = [...copied.matchAll(/OGRFeature\(SELECT\):(\d+)\n\s+slug \(String\) = (\S+)/g)].map((match) => [Number(match[1]), match[2]])
    expect(pairs).toEqual(zones.features.map((feature) => [feature.id, feature.properties.slug]))

    const raqqa = (await gdal('ogrinfo', ['-ro', '-q', gpkg, '-sql', "SELECT status, kind, ended_on, area_km2, approximate, parties FROM zones WHERE slug = 'siege-of-raqqa'"])).stdout
    expect(raqqa).toMatch(/status \(String\) = ended/)
    expect(raqqa).toMatch(/kind \(String\) = siege/)
    expect(raqqa).toMatch(/ended_on \(Date\) = 2017\/10\/20/)
    expect(raqqa).toMatch(/area_km2 \(Real\) = 103\.6/)
    expect(raqqa).toMatch(/approximate \(Integer\(Boolean\)\) = 1/)
    expect(raqqa).toMatch(/"slug": ?"isis"/)
  })

  it('ogrinfo -where sends a CQL text filter, as the API definition offers cql-text', async () => {
    const { stdout, stderr } = await gdal('ogrinfo', ['-ro', '-q', `OAPIF:${root}/ogc`, 'zones', '-where', "status = 'active'", '-fields=YES', '-geom=NO'], { CPL_DEBUG: 'ON' })
    expect(stderr).toMatch(/HTTP: Fetch\(.*\/ogc\/api\)/)
    expect(stderr).toMatch(/HTTP: Fetch\(.*\/ogc\/collections\/zones\/items\?limit=10&filter=status%20%3D%20'active'&filter-lang=cql-text\)/)
    expect([...stdout.matchAll(/slug \(String\) = (\S+)/g)].map((match) => match[1])).toEqual(['darat-izza-observation-post', 'sweida-ceasefire-2025', 'us-russia-air-safety-memorandum', 'euphrates-deconfliction-line', 'syria-nationwide-ceasefire-2016'])
  })

  it('ogr2ogr -where on a date field and -spat copies as many zones as the API filter and bbox match', async () => {
    // GDAL 3.6 turned this -where into datetime=2020-01-01T/.. (the zones valid since then: 15); offered cql-text, it filters status_since itself.
    const api = async (query: string) => ((await (await fetch(`${root}/ogc/collections/zones/items?limit=1&${query}`)).json()) as { numberMatched: number }).numberMatched
    const since = `filter=${encodeURIComponent("status_since >= '2020-01-01'")}`
    const cases: Array<[args: string[], query: string, expected: number]> = [
      [['-where', "status_since >= '2020-01-01'"], since, await api(since)],
      [['-where', "status_since >= '2020-01-01'", '-spat', '35', '32', '37', '34'], `${since}&bbox=35,32,37,34`, await api(`${since}&bbox=35,32,37,34`)],
      [['-spat', '36', '35', '38', '37'], 'bbox=36,35,38,37', await api('bbox=36,35,38,37')],
    ]
    for (const [index, [args, query, expected]] of cases.entries()) {
      const file = path.join(directory, `filtered-${index}.geojson`)
      await gdal('ogr2ogr', ['-f', 'GeoJSON', file, `OAPIF:${root}/ogc`, 'zones', ...args])
      expect(await featureCount(file), args.join(' ')).toBe(expected)
      expect(await api(query), query).toBe(expected)
    }
  })
})
