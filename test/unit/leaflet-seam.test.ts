import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const CLIENT = path.resolve(import.meta.dirname, '../../client/src')
const SEAM = path.join(CLIENT, 'map/leaflet-internals.ts')

/** A private member of Leaflet's (`layer._map`, `renderer._update()`): by its convention, a name after `._`. */
const PRIVATE_MEMBER = /\._[A-Za-z]\w*/g

/** Leaflet's private members are reached through client/src/map/leaflet-internals.ts alone, so its browser test covers them all. */
describe('the Leaflet seam', () => {
  it('is the only client module that touches a private member', async () => {
    const files = (await readdir(CLIENT, { recursive: true })).filter((file) => file.endsWith('.ts')).map((file) => path.join(CLIENT, file))
    expect(files.length).toBeGreaterThan(20)
    const offending: string[] = []
    for (const file of files) {
      if (file === SEAM) continue
      for (const match of (await readFile(file, 'utf8')).matchAll(PRIVATE_MEMBER)) offending.push(`${path.relative(CLIENT, file)}: ${match[0]}`)
    }
    expect(offending).toEqual([])
  })
})
