import { writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The files MapServer 8 and lighttpd need to serve the benchmark's zones as OGC API - Features:
 * a mapfile with one layer over the view of the zones (PostGIS, ordered by id, the service's
 * session options), MapServer's config file naming that mapfile `zones`, and a lighttpd config
 * that runs mapserv as FastCGI with a fixed number of workers. Written into `directory`.
 *
 *   await writeMapServerFiles(dir, { connection, view: 'bench_peer_zones', port: 8089, workers: 2, extent })
 *   // then: GET http://127.0.0.1:8089/mapserv/zones/ogcapi/collections/zones/items?f=json
 */
export interface MapServerSetup {
  /** libpq connection string of the database holding the view. */
  connection: string
  view: string
  port: number
  workers: number
  /** [west, south, east, north] of the data, for the collection's extent. */
  extent: readonly [number, number, number, number]
  /** The most features one page may have (the service serves at most 10,000). */
  maxLimit: number
}

export const MAPSERV = '/usr/lib/cgi-bin/mapserv'
/** The URL path of the zones collection's items. */
export const MAPSERVER_ITEMS_PATH = '/mapserv/zones/ogcapi/collections/zones/items'

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

function mapfile(setup: MapServerSetup): string {
  const [west, south, east, north] = setup.extent
  return `MAP
  NAME "zones"
  EXTENT ${west} ${south} ${east} ${north}
  PROJECTION "init=epsg:4326" END
  WEB
    METADATA
      "oga_title" "Truce Atlas zones (benchmark peer)"
      "oga_onlineresource" "http://127.0.0.1:${setup.port}/mapserv/zones/ogcapi"
      "oga_enable_request" "*"
      "oga_max_limit" "${setup.maxLimit}"
      "oga_html_template_directory" "/usr/share/mapserver/ogcapi/templates/html-plain/"
    END
  END
  LAYER
    NAME "zones"
    TYPE POLYGON
    STATUS ON
    CONNECTIONTYPE POSTGIS
    CONNECTION ${quote(setup.connection)}
    DATA ${quote(`geom from (select * from ${setup.view} order by id) as zones using unique id using srid=4326`)}
    PROJECTION "init=epsg:4326" END
    METADATA
      "oga_title" "zones"
      "oga_featureid" "id"
      "gml_include_items" "all"
      "gml_exclude_items" "geom"
    END
    VALIDATION
      "id" "^[0-9]+$"
    END
    TEMPLATE "void"
  END
END
`
}

function configFile(mapfilePath: string): string {
  return `CONFIG
  ENV
    MS_ERRORFILE "stderr"
  END
  MAPS
    zones ${quote(mapfilePath)}
  END
END
`
}

function lighttpdConfig(directory: string, setup: MapServerSetup, configPath: string): string {
  return `server.modules = ("mod_fastcgi")
server.bind = "127.0.0.1"
server.port = ${setup.port}
server.document-root = ${quote(directory)}
server.errorlog = ${quote(path.join(directory, 'lighttpd-error.log'))}
server.pid-file = ${quote(path.join(directory, 'lighttpd.pid'))}
server.max-keep-alive-requests = 100000
server.max-keep-alive-idle = 60
fastcgi.server = (
  "/mapserv" => ((
    "socket" => ${quote(path.join(directory, 'mapserv.socket'))},
    "bin-path" => ${quote(MAPSERV)},
    "bin-environment" => ("MAPSERVER_CONFIG_FILE" => ${quote(configPath)}),
    "max-procs" => ${setup.workers},
    "check-local" => "disable"
  ))
)
`
}

/** Writes the three files into `directory`; returns the lighttpd config's path. */
export async function writeMapServerFiles(directory: string, setup: MapServerSetup): Promise<string> {
  const mapfilePath = path.join(directory, 'zones.map')
  const configPath = path.join(directory, 'mapserver.conf')
  const lighttpdPath = path.join(directory, 'lighttpd.conf')
  await writeFile(mapfilePath, mapfile(setup))
  await writeFile(configPath, configFile(mapfilePath))
  await writeFile(lighttpdPath, lighttpdConfig(directory, setup, configPath))
  return lighttpdPath
}
