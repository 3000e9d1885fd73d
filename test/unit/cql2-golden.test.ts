import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Cql2Error } from '../../server/ogc/cql2/errors.ts'
import { parseCql2Text } from '../../server/ogc/cql2/parser.ts'
import { toSql, type SqlCondition } from '../../server/ogc/cql2/to-sql.ts'
import { QUERYABLES } from '../../server/ogc/queryables.ts'

/**
 * Golden fixtures for the CQL2 text filter, as the service compiles it against its queryables:
 * valid/<name>.json holds a filter and the SQL condition and bindings it becomes, invalid/<name>.json
 * a filter and the error it gets (the message, and the 1-based column it names).
 * After a deliberate change, UPDATE_FIXTURES=1 writes the current answers into the files; read
 * the diff before committing it: a fixture that records a wrong answer is a bug.
 */
const FIXTURES = path.join(import.meta.dirname, '../fixtures/cql2')
const UPDATE = process.env.UPDATE_FIXTURES === '1'

interface ValidFixture extends SqlCondition {
  filter: string
}

interface InvalidFixture {
  filter: string
  error: string
  column: number
}

const compile = (filter: string): SqlCondition => toSql(parseCql2Text(filter), QUERYABLES)

function fixtures(folder: 'valid' | 'invalid'): string[] {
  return readdirSync(path.join(FIXTURES, folder)).filter((file) => file.endsWith('.json'))
}

function readFixture<T>(folder: 'valid' | 'invalid', file: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, folder, file), 'utf8')) as T
}

function writeFixture(folder: 'valid' | 'invalid', file: string, fixture: ValidFixture | InvalidFixture): void {
  writeFileSync(path.join(FIXTURES, folder, file), `${JSON.stringify(fixture, null, 2)}\n`)
}

function failure(filter: string): Cql2Error {
  try {
    compile(filter)
  } catch (error) {
    expect(error).toBeInstanceOf(Cql2Error)
    return error as Cql2Error
  }
  throw new Error(`expected ${JSON.stringify(filter)} to be refused`)
}

describe('CQL2 filters the service compiles', () => {
  for (const file of fixtures('valid')) {
    it(path.basename(file, '.json'), () => {
      const fixture = readFixture<ValidFixture>('valid', file)
      const { sql, bindings } = compile(fixture.filter)
      if (UPDATE) writeFixture('valid', file, { filter: fixture.filter, sql, bindings })
      else expect({ sql, bindings }).toEqual({ sql: fixture.sql, bindings: fixture.bindings })
    })
  }
})

describe('CQL2 filters the service refuses', () => {
  for (const file of fixtures('invalid')) {
    it(path.basename(file, '.json'), () => {
      const fixture = readFixture<InvalidFixture>('invalid', file)
      const error = failure(fixture.filter)
      const actual = { error: error.message, column: error.offset + 1 }
      if (UPDATE) writeFixture('invalid', file, { filter: fixture.filter, ...actual })
      else expect(actual).toEqual({ error: fixture.error, column: fixture.column })
    })
  }
})
