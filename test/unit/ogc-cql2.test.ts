import { describe, expect, it } from 'vitest'
import { Cql2Error } from '../../server/ogc/cql2/errors.ts'
import { CQL2_LIMITS } from '../../server/ogc/cql2/limits.ts'
import { parseCql2Text } from '../../server/ogc/cql2/parser.ts'
import { toSql, type Queryables } from '../../server/ogc/cql2/to-sql.ts'
import { tokenize } from '../../server/ogc/cql2/tokenizer.ts'
import { QUERYABLES } from '../../server/ogc/queryables.ts'

/** A small allowlist, so the expected SQL stays readable. */
const COLUMNS: Queryables = new Map([
  ['name', { type: 'string', sql: 't.name' }],
  ['size', { type: 'number', sql: 't.size' }],
  ['open', { type: 'boolean', sql: 't.open' }],
  ['day', { type: 'date', sql: 't.day' }],
  ['tag', { type: 'string', sql: 'tags.tag', anyOf: (condition: string) => `exists (select 1 from tags where ${condition})` }],
  ['shape', { type: 'geometry', sql: 't.geom' }],
] as const)

const sql = (text: string) => toSql(parseCql2Text(text), COLUMNS)

function fault(action: () => unknown): Cql2Error {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(Cql2Error)
    return error as Cql2Error
  }
  throw new Error('expected a Cql2Error')
}

describe('tokenize', () => {
  it('splits identifiers, quoted names, strings, numbers, operators and punctuation, with offsets', () => {
    expect(tokenize(`"a b" <= 'it''s' AND x>-1.5e3,(]`).map((token) => [token.type, token.text, token.offset])).toEqual([
      ['quotedIdentifier', 'a b', 0],
      ['operator', '<=', 6],
      ['string', "it's", 9],
      ['identifier', 'AND', 17],
      ['identifier', 'x', 21],
      ['operator', '>', 22],
      ['number', '-1.5e3', 23],
      [',', ',', 29],
      ['(', '(', 30],
      [']', ']', 31],
      ['end', '', 32],
    ])
  })

  it('reads identifiers in any script, and with dots and colons', () => {
    expect(tokenize('ns:prop.sub größe المنطقة').map((token) => token.text)).toEqual(['ns:prop.sub', 'größe', 'المنطقة', ''])
  })

  it('names the column of what it cannot read', () => {
    expect(fault(() => tokenize("a = 'open")).message).toBe('unterminated string: a closing single quote is missing at column 5')
    expect(fault(() => tokenize('a = "open')).message).toBe('unterminated quoted property name at column 5')
    expect(fault(() => tokenize('a = 1;')).message).toBe('unexpected character ";" at column 6')
    expect(fault(() => tokenize('a = 1 🙂')).message).toBe('unexpected character "🙂" at column 7')
    expect(fault(() => tokenize("a = 'x\u0000'")).message).toBe('unexpected NUL character at column 7')
  })
})

describe('parseCql2Text', () => {
  it('builds the AST with offsets, AND binding tighter than OR', () => {
    expect(parseCql2Text("a = 'x' OR b > 2 AND NOT c IS NULL")).toEqual({
      type: 'or',
      offset: 0,
      operands: [
        { type: 'comparison', operator: '=', offset: 0, left: { type: 'property', name: 'a', offset: 0 }, right: { type: 'literal', valueType: 'string', value: 'x', offset: 4 } },
        {
          type: 'and',
          offset: 11,
          operands: [
            { type: 'comparison', operator: '>', offset: 11, left: { type: 'property', name: 'b', offset: 11 }, right: { type: 'literal', valueType: 'number', value: 2, offset: 15 } },
            { type: 'not', offset: 21, operand: { type: 'isNull', negated: false, offset: 25, subject: { type: 'property', name: 'c', offset: 25 } } },
          ],
        },
      ],
    })
  })

  it('keeps long AND and OR chains flat', () => {
    const expression = parseCql2Text(Array.from({ length: 40 }, (_, index) => `p${index} = ${index}`).join(' AND '))
    expect(expression.type).toBe('and')
    expect(expression.type === 'and' && expression.operands).toHaveLength(40)
  })

  it('reads the literals: strings, numbers, booleans, DATE, TIMESTAMP, WKT and BBOX', () => {
    const right = (text: string) => {
      const expression = parseCql2Text(`p = ${text}`)
      return expression.type === 'comparison' ? expression.right : undefined
    }
    expect(right("'o''clock'")).toMatchObject({ valueType: 'string', value: "o'clock" })
    expect(right('-.5')).toMatchObject({ valueType: 'number', value: -0.5 })
    expect(right('True')).toMatchObject({ valueType: 'boolean', value: true })
    expect(right("date('2017-07-09')")).toMatchObject({ valueType: 'date', value: '2017-07-09' })
    expect(right("TIMESTAMP('2017-07-09T23:30:00-05:00')")).toMatchObject({ valueType: 'timestamp', value: '2017-07-10T04:30:00.000Z' })
    expect(right('POINT ( 36.7  35.4 )')).toMatchObject({ valueType: 'geometry', value: 'POINT(36.7 35.4)' })
    expect(right('point z (1 2 3)')).toMatchObject({ valueType: 'geometry', value: 'POINT(1 2)' })
    expect(right('MULTIPOINT(1 2, (3 4))')).toMatchObject({ valueType: 'geometry', value: 'MULTIPOINT((1 2), (3 4))' })
    expect(right('POLYGON((0 0,1 0,1 1,0 0),(0.5 0.1,0.6 0.1,0.6 0.2,0.5 0.1))')).toMatchObject({ value: 'POLYGON((0 0, 1 0, 1 1, 0 0), (0.5 0.1, 0.6 0.1, 0.6 0.2, 0.5 0.1))' })
    expect(right('MULTIPOLYGON(((0 0,1 0,1 1,0 0)))')).toMatchObject({ value: 'MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))' })
    expect(right('MULTILINESTRING((0 0,1 1),(2 2,3 3))')).toMatchObject({ value: 'MULTILINESTRING((0 0, 1 1), (2 2, 3 3))' })
    expect(right('GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1))')).toMatchObject({ value: 'GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1))' })
    expect(right('BBOX(170,-10,-170,10)')).toMatchObject({ valueType: 'bbox', value: [170, -10, -170, 10] })
    expect(right('ENVELOPE(1,2,0,3,4,9)')).toMatchObject({ valueType: 'bbox', value: [1, 2, 3, 4] })
  })

  it('reads LIKE, BETWEEN, IN and IS NULL, negated or not', () => {
    expect(parseCql2Text("a NOT LIKE 'x%'")).toMatchObject({ type: 'like', negated: true })
    expect(parseCql2Text('a between 1 and 2')).toMatchObject({ type: 'between', negated: false, low: { value: 1 }, high: { value: 2 } })
    expect(parseCql2Text('a NOT IN (1, 2, 3)')).toMatchObject({ type: 'in', negated: true, list: [{ value: 1 }, { value: 2 }, { value: 3 }] })
    expect(parseCql2Text('a IS NOT NULL')).toMatchObject({ type: 'isNull', negated: true })
    expect(parseCql2Text('FALSE')).toEqual({ type: 'constant', value: false, offset: 0 })
    expect(parseCql2Text('s_within(g, BBOX(0,0,1,1))')).toMatchObject({ type: 'spatial', operator: 'S_WITHIN' })
  })

  it('enforces the limits, naming the column where they are passed', () => {
    expect(CQL2_LIMITS).toEqual({ maxLength: 4096, maxDepth: 20, maxListItems: 100, maxPredicates: 50, maxVertices: 1000, maxComparisons: 200_000 })
    const limits = { ...CQL2_LIMITS, maxLength: 50, maxDepth: 2, maxListItems: 3, maxPredicates: 2 }
    expect(fault(() => parseCql2Text('a'.repeat(51), limits)).message).toBe('the filter is longer than 50 characters at column 51')
    expect(fault(() => parseCql2Text('(((a = 1)))', limits)).message).toBe('the filter nests deeper than 2 levels at column 3')
    expect(fault(() => parseCql2Text('NOT (NOT a = 1)', limits)).message).toBe('the filter nests deeper than 2 levels at column 6')
    expect(fault(() => parseCql2Text('a IN (1, 2, 3, 4)', limits)).message).toBe('the IN list has more than 3 values at column 16')
    expect(fault(() => parseCql2Text('a = 1 AND b = 2 OR c = 3', limits)).message).toBe('the filter has more than 2 predicates at column 20')
    expect(fault(() => parseCql2Text('S_INTERSECTS(g, GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POINT(0 0)))))', { ...limits, maxLength: 100 })).message).toBe(
      'the geometry collections nest deeper than 2 levels at column 55',
    )
    expect(fault(() => parseCql2Text('')).message).toBe('the filter is empty at column 1')
  })

  it('does not recurse without bound on hostile input', () => {
    expect(fault(() => parseCql2Text('('.repeat(100_000))).message).toBe('the filter is longer than 4096 characters at column 4097')
    expect(fault(() => parseCql2Text('('.repeat(4000))).message).toBe('the filter nests deeper than 20 levels at column 21')
    expect(fault(() => parseCql2Text('NOT '.repeat(1000))).message).toMatch(/nests deeper than 20 levels/)
  })
})

describe('toSql', () => {
  it('binds every value and casts it to the property type', () => {
    expect(sql("name = 'x''; drop table t; --'")).toEqual({ sql: '(t.name = ?)', bindings: ["x'; drop table t; --"] })
    expect(sql('size >= 2.5')).toEqual({ sql: '(t.size >= ?::numeric)', bindings: [2.5] })
    expect(sql('open <> TRUE')).toEqual({ sql: '(t.open <> ?::boolean)', bindings: [true] })
    expect(sql("day < DATE('2017-07-09')")).toEqual({ sql: '(t.day < ?::date)', bindings: ['2017-07-09'] })
    expect(sql("day = '2017-07-09'")).toEqual({ sql: '(t.day = ?::date)', bindings: ['2017-07-09'] })
    expect(sql("day > TIMESTAMP('2017-07-09T10:00:00Z')")).toEqual({ sql: '((t.day)::timestamp > ?::timestamp)', bindings: ['2017-07-09 10:00:00.000'] })
  })

  it('reads a comparison written value first', () => {
    expect(sql('2 < size')).toEqual({ sql: '(t.size > ?::numeric)', bindings: [2] })
  })

  it('writes the logical operators, LIKE, BETWEEN, IN and IS NULL', () => {
    expect(sql("NOT (name LIKE 'a%' OR size BETWEEN 1 AND 2) AND day NOT IN ('2017-01-01') AND open IS NOT NULL")).toEqual({
      sql: "((not ((t.name like ?) or (t.size between ?::numeric and ?::numeric))) and (not (t.day in (?::date))) and (t.open is not null))",
      bindings: ['a%', 1, 2, '2017-01-01'],
    })
    expect(sql('true AND NOT false')).toEqual({ sql: '(true and (not false))', bindings: [] })
  })

  it('applies a many-valued property to any of its values; <> and NOT IN when there are values and none matches', () => {
    expect(sql("tag = 'a'")).toEqual({ sql: "exists (select 1 from tags where (tags.tag = ?))", bindings: ['a'] })
    expect(sql("tag <> 'a'").sql).toBe('(exists (select 1 from tags where true) and not exists (select 1 from tags where (tags.tag = ?)))')
    expect(sql("tag NOT IN ('a', 'b')").sql).toBe('(exists (select 1 from tags where true) and not exists (select 1 from tags where (tags.tag in (?, ?))))')
    expect(sql('tag IS NULL').sql).toBe('(not exists (select 1 from tags where true))')
    expect(fault(() => sql("tag < 'a'")).reason).toMatch(/several values per feature/)
  })

  it('writes spatial functions with the literal in SRID 4326, splitting a box across the antimeridian', () => {
    expect(sql('S_INTERSECTS(shape, POINT(1 2))')).toEqual({ sql: 'ST_Intersects(t.geom, ST_GeomFromText(?::text, 4326))', bindings: ['POINT(1 2)'] })
    expect(sql('S_CONTAINS(POINT(1 2), shape)').sql).toBe('ST_Contains(ST_GeomFromText(?::text, 4326), t.geom)')
    expect(sql('S_WITHIN(shape, BBOX(1, 2, 3, 4))')).toEqual({ sql: 'ST_Within(t.geom, ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 4326))', bindings: [1, 2, 3, 4] })
    expect(sql('S_INTERSECTS(shape, BBOX(170, -10, -170, 10))')).toEqual({
      sql: 'ST_Intersects(t.geom, ST_Collect(ST_MakeEnvelope(?::float8, ?::float8, 180, ?::float8, 4326), ST_MakeEnvelope(-180, ?::float8, ?::float8, ?::float8, 4326)))',
      bindings: [170, -10, 10, -10, -170, 10],
    })
  })

  it('refuses unknown properties, including the names every object has', () => {
    for (const name of ['password', 'constructor', '__proto__', 'toString']) {
      const error = fault(() => sql(`${name} = 1`))
      expect(error.message).toBe(`unknown property "${name}" at column 1; queryables: name, size, open, day, tag, shape`)
    }
  })

  it('refuses a value of the wrong type, naming what the property takes', () => {
    expect(fault(() => sql("size = '1'")).message).toBe('"size" expects a number at column 8')
    expect(fault(() => sql('name LIKE 1')).message).toBe("\"name\" expects a string in single quotes ('...') at column 11")
    expect(fault(() => sql("day = 'soon'")).reason).toMatch(/^"day" expects a date/)
    expect(fault(() => sql('shape IS NULL AND shape = 1')).reason).toMatch(/geometry property "shape" can only be used in the S_ functions/)
    expect(fault(() => sql("name LIKE 'a\\\\\\'")).reason).toMatch(/cannot end with the escape character/)
    expect(() => sql("name LIKE 'a\\\\'")).not.toThrow()
  })
})

describe('the zones queryables', () => {
  it('translate through the allowlisted SQL only', () => {
    const { sql: condition, bindings } = toSql(parseCql2Text("status = 'active' AND sponsor = 'russia' AND S_INTERSECTS(geometry, POINT(36 35))"), QUERYABLES)
    expect(condition).toContain('(z.status = ?)')
    expect(condition).toContain("fp.role in ('sponsor', 'guarantor') and (lower(pn.name) = lower(?))")
    expect(condition).toContain('ST_Intersects(z.geom, ')
    expect(bindings).toEqual(['active', 'russia', 'POINT(36 35)'])
  })
})

/** A closed star polygon of n points (n odd): every edge crosses many others. */
export function starRing(n: number, [lon, lat] = [38, 35], radius = 3): string {
  const points = Array.from({ length: n }, (_, i) => {
    const angle = (2 * Math.PI * ((i * (n - 1)) / 2 % n)) / n
    return `${(lon + radius * Math.cos(angle)).toFixed(6)} ${(lat + radius * Math.sin(angle)).toFixed(6)}`
  })
  return `(${[...points, points[0]].join(', ')})`
}

describe('geometries in filters must be valid before any SQL', () => {
  /** The limits, but for the length of the text: a star of 401 points at 6 decimals is about 9,000 characters. */
  const LONG_TEXT = { ...CQL2_LIMITS, maxLength: 100_000 }
  const SPATIAL = ['S_INTERSECTS', 'S_EQUALS', 'S_DISJOINT', 'S_TOUCHES', 'S_WITHIN', 'S_OVERLAPS', 'S_CROSSES', 'S_CONTAINS']

  it('refuses a self-crossing star of 21 to 401 points in milliseconds, in every spatial predicate, saying where it crosses', () => {
    for (const n of [21, 81, 91, 201, 337, 401]) {
      for (const operator of SPATIAL) {
        const text = `${operator}(shape, POLYGON(${starRing(n)}))`
        const started = performance.now()
        const error = fault(() => toSql(parseCql2Text(text, LONG_TEXT), COLUMNS))
        expect(performance.now() - started, `${operator} n=${n}`).toBeLessThan(500)
        expect(error.message).toMatch(/^the outer ring crosses itself at [\d.]+, [\d.]+ \(edges from positions \d+ and \d+\) at column \d+; a filter geometry must be valid/)
        expect(error.offset).toBe(text.indexOf('POLYGON(') + 'POLYGON'.length)
      }
    }
  })

  it('refuses bowties, spikes, repeated-point and zero-area rings, holes outside, crossing parts of a MultiPolygon', () => {
    const refusals: Array<[string, RegExp]> = [
      ['POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))', /the outer ring crosses itself at 0.5, 0.5/],
      ['POLYGON((0 0, 0 0, 0 0, 0 0))', /the outer ring has only 1 distinct corner/],
      ['POLYGON((0 0, 1 1, 0 0, 1 1, 0 0))', /the outer ring doubles back on itself/],
      ['POLYGON((0 0, 1 1, 2 2, 0 0))', /the outer ring doubles back on itself/],
      ['POLYGON((0 0, 2 0, 1 0, 1 1, 0 0))', /doubles back on itself/],
      ['POLYGON((0 0, 1 0, 1 1, 0 1, 0 0), (2 2, 3 2, 3 3, 2 2))', /hole 1 is not inside its outer ring/],
      ['MULTIPOLYGON(((0 0, 2 0, 2 2, 0 2, 0 0)), ((1 1, 3 1, 3 3, 1 3, 1 1)))', /polygons 0 and 1 cross/],
      ['GEOMETRYCOLLECTION(POINT(1 1), POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))', /crosses itself/],
    ]
    for (const [wkt, message] of refusals) {
      const error = fault(() => sql(`S_INTERSECTS(shape, ${wkt})`))
      expect(error.reason, wkt).toMatch(message)
    }
  })

  it('refuses geometries with more positions than the limit, and caps the crossing check\'s work', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `${(i / 1000).toFixed(3)} 0`).join(', ')
    expect(fault(() => parseCql2Text(`S_INTERSECTS(shape, LINESTRING(${many}))`, LONG_TEXT)).reason).toBe("the filter's geometries have more than 1000 positions")
    const limits = { ...CQL2_LIMITS, maxComparisons: 10 }
    const circle = Array.from({ length: 40 }, (_, i) => `${Math.cos((i * Math.PI) / 20).toFixed(4)} ${Math.sin((i * Math.PI) / 20).toFixed(4)}`)
    const polygon = `POLYGON((${[...circle, circle[0]].join(', ')}))`
    expect(sql(`S_INTERSECTS(shape, ${polygon})`).bindings).toHaveLength(1)
    expect(fault(() => parseCql2Text(`S_INTERSECTS(shape, ${polygon})`, limits)).reason).toMatch(/too intricate/)
  })

  it('keeps valid polygons, with holes and several parts, and points and lines however they cross', () => {
    expect(sql('S_INTERSECTS(shape, POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1)))').bindings).toEqual(['POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))'])
    expect(sql('S_INTERSECTS(shape, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2))))').bindings).toHaveLength(1)
    expect(sql('S_CROSSES(shape, LINESTRING(0 0, 1 1, 1 0, 0 1))').bindings).toEqual(['LINESTRING(0 0, 1 1, 1 0, 0 1)'])
    expect(sql('S_INTERSECTS(shape, MULTIPOINT(1 1, 1 1))').bindings).toHaveLength(1)
    expect(sql('S_INTERSECTS(shape, POLYGON((0 0, 1 0, 1 0, 1 1, 0 1, 0 0, 0 0)))').bindings).toHaveLength(1)
  })
})
