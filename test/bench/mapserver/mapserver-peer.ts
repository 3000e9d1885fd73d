import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import { SESSION_OPTIONS } from '../../../server/storage/database/postgres-database.ts'
import { TABLES } from '../../../server/storage/sql/tables.ts'
import { freePort } from '../../helpers/server-process.ts'
import { MAPSERV, MAPSERVER_ITEMS_PATH, writeMapServerFiles } from './mapserver-config.ts'

/**
 * MapServer 8 as the benchmark's peer: Debian's cgi-mapserver behind lighttpd, mapserv as FastCGI
 * with 2 workers, serving the zones of the benchmark's PostgreSQL database through a view of the
 * same rows, with the service's session options. Installed with apt-get when asked and missing.
 */
export const PEER_VIEW = 'bench_peer_zones'
const LIGHTTPD = '/usr/sbin/lighttpd'
const WORKERS = 2

export interface MapServerPeer {
  port: number
  itemsPath: string
  version: string
  stop(): Promise<void>
}

/** Installs cgi-mapserver and lighttpd with apt-get unless both are there. */
export function ensureMapServerInstalled(log: (line: string) => void): void {
  if (existsSync(MAPSERV) && existsSync(LIGHTTPD)) return
  log('  installing cgi-mapserver and lighttpd (apt-get)')
  for (const args of [['update'], ['install', '-y', 'cgi-mapserver', 'lighttpd']]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${run.status}); MapServer needs root or sudo to install`)
  }
}

export function mapServerVersion(): string {
  const run = spawnSync(MAPSERV, ['-v'], { encoding: 'utf8' })
  return (run.stdout.match(/MapServer version [^ ]+/) ?? ['MapServer (version unknown)'])[0]
}

/** The zones as the service's OGC items show them, one row each, for MapServer's layer. */
export async function createPeerView(knex: Knex): Promise<void> {
  await knex.raw(`create or replace view ${PEER_VIEW} as
    select z.id, z.slug, z.name, z.name_ar, z.kind, z.status, z.status_since, z.description,
           z.proposed_on, z.in_force_from, z.ended_on, round(z.area_km2::numeric, 1) as area_km2,
           (select string_agg(p.name || ' (' || zp.role || ')', '; ' order by p.name, zp.role)
              from ${TABLES.zoneParties} zp join ${TABLES.parties} p on p.id = zp.party_id
             where zp.zone_id = z.id) as parties,
           z.geom
      from ${TABLES.zones} z
     where not z.archived`)
}

/** libpq's keyword form of a postgres:// URL, with the service's session options. */
function libpqConnection(url: string): string {
  const parsed = new URL(url)
  const parts = [`host=${parsed.hostname}`, `port=${parsed.port || 5432}`, `dbname=${parsed.pathname.slice(1)}`, `user=${decodeURIComponent(parsed.username || 'postgres')}`]
  if (parsed.password) parts.push(`password=${decodeURIComponent(parsed.password)}`)
  return `${parts.join(' ')} options='${SESSION_OPTIONS}'`
}

/** Starts lighttpd with mapserv over the view in the database at `url` (the view must exist). */
export async function startMapServer(url: string, extent: readonly [number, number, number, number]): Promise<MapServerPeer> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-mapserver-'))
  const port = await freePort()
  const config = await writeMapServerFiles(directory, { connection: libpqConnection(url), view: PEER_VIEW, port, workers: WORKERS, extent, maxLimit: 10_000 })
  // In a process group of its own, so that stopping it ends the mapserv workers it started too.
  const child = spawn(LIGHTTPD, ['-D', '-f', config], { stdio: ['ignore', 'inherit', 'inherit'], detached: true })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  const endGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // already ended
    }
  }
  process.once('exit', endGroup)
  const stop = async () => {
    endGroup()
    await exited
    process.off('exit', endGroup)
    await rm(directory, { recursive: true, force: true })
  }
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    const answered = await fetch(`http://127.0.0.1:${port}${MAPSERVER_ITEMS_PATH}?f=json&limit=1`).then((response) => response.status, () => 0)
    if (answered === 200) return { port, itemsPath: MAPSERVER_ITEMS_PATH, version: mapServerVersion(), stop }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await stop()
  throw new Error(`MapServer did not answer its items (lighttpd config in ${directory})`)
}
