import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
let t0 = Date.now()
const a = new PGlite('/tmp/pgdata1', { extensions: { postgis } })
await a.waitReady
console.log('reopen', Date.now() - t0)
await a.query('create table if not exists t(g geometry)')
t0 = Date.now()
const blob = await a.dumpDataDir('none')
console.log('dump', Date.now() - t0, blob.size)
await a.close()
t0 = Date.now()
const b = new PGlite({ loadDataDir: blob, extensions: { postgis } })
await b.waitReady
console.log('load', Date.now() - t0)
console.log((await b.query('select count(*) from t')).rows)
t0 = Date.now()
console.log((await b.query(`select ST_AsText(ST_Buffer('POINT(0 0)'::geometry, 1, 2)) x`)).rows, Date.now()-t0)
