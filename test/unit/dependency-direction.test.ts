import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Dependencies point one way: routes and OGC -> services -> storage -> domain. This reads every
 * import of the folders whose direction matters and lists those that point the wrong way.
 */
const ROOT = path.resolve(import.meta.dirname, '../..')

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ts$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
}

/** Each relative import of a file, as a path from the project root, with whether it is type-only. */
function importsOf(file: string): Array<{ target: string; typeOnly: boolean }> {
  const text = readFileSync(path.join(ROOT, file), 'utf8')
  return [...text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm)].map((match) => ({
    target: path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), match[3] ?? match[4]!)),
    typeOnly: Boolean(match[2]),
  }))
}

function wrongWay(folder: string, allowed: (target: string, typeOnly: boolean) => boolean): string[] {
  return sourceFiles(folder).flatMap((file) => importsOf(file).filter(({ target, typeOnly }) => !allowed(target, typeOnly)).map(({ target }) => `${file} -> ${target}`))
}

const within = (target: string, ...folders: string[]) => folders.some((folder) => target.startsWith(`${folder}/`))

describe('dependency direction', () => {
  it('storage imports only storage, the domain and the migrations', () => {
    expect(wrongWay('server/storage', (target) => within(target, 'server/storage', 'server/domain', 'migrations'))).toEqual([])
  })

  it('the domain is pure: it imports only itself', () => {
    expect(wrongWay('server/domain', (target) => within(target, 'server/domain'))).toEqual([])
  })

  it('migrations import nothing from server/ (they are frozen history)', () => {
    expect(wrongWay('migrations', (target) => within(target, 'migrations'))).toEqual([])
  })

  it('geometry checks import only geometry and the domain', () => {
    expect(wrongWay('server/geometry', (target) => within(target, 'server/geometry', 'server/domain'))).toEqual([])
  })

  it('HTTP helpers import neither routes, OGC, services nor storage', () => {
    expect(wrongWay('server/http', (target) => !within(target, 'server/routes', 'server/ogc', 'server/services', 'server/storage'))).toEqual([])
  })

  it('OGC does not import the /zones routes', () => {
    expect(wrongWay('server/ogc', (target) => !within(target, 'server/routes'))).toEqual([])
  })

  it('the client imports from the server only the domain, and the schemas as types', () => {
    expect(wrongWay('client/src', (target, typeOnly) => !within(target, 'server') || within(target, 'server/domain') || (typeOnly && within(target, 'server/schemas')))).toEqual([])
  })
})
