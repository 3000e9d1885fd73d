import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AGREEMENT_ROLES, CLASSES, EFFECTS, FORMS, PURPOSES } from '../../server/domain/agreements.ts'

/** The lists migration 012 checks, read from its text: the domain's lists must be the same. */
const MIGRATION = readFileSync(path.resolve(import.meta.dirname, '../../migrations/012_create_agreements.ts'), 'utf8')

function frozenList(name: string): string[] {
  const match = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(MIGRATION)
  if (!match) throw new Error(`migration 012 has no list ${name}`)
  return [...match[1]!.matchAll(/'([^']*)'/g)].map((item) => item[1]!)
}

describe('the agreements domain', () => {
  it.each([
    ['CLASSES', CLASSES],
    ['FORMS', FORMS],
    ['PURPOSES', PURPOSES],
    ['ROLES', AGREEMENT_ROLES],
    ['EFFECTS', EFFECTS],
  ] as const)('%s is the list migration 012 checks', (name, list) => {
    expect([...list]).toEqual(frozenList(name))
  })
})
