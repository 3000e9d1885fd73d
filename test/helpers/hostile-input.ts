import fc from 'fast-check'
import { KINDS } from '../../server/domain/kinds.ts'
import { invalidRing, ringWithHostileCoordinate } from './hostile-geometry.ts'
import { ROLES } from '../../server/domain/parties.ts'
import { STATUSES } from '../../server/domain/statuses.ts'
import { ZONE_PROPERTIES } from '../../server/storage/sql/zone-sql.ts'

/**
 * fast-check arbitraries for hostile requests: values that are right, nearly right, or wrong in
 * every way a client (or an attacker) can make them. Shared by the property tests.
 */

/** One fixed seed for every property test, so a failure repeats; change it to explore further. */
export const SEED = 20_260_309

/** How many cases to run: all of them on PGlite, half on PostgreSQL (the same code paths, already covered). */
export function runs(embedded: number): number {
  return (process.env.TEST_BACKEND ?? 'embedded') === 'postgres' ? Math.ceil(embedded / 2) : embedded
}

/** Text that breaks things: quotes, wildcards, escapes, NUL and control characters, long runs, odd Unicode. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom(
    '', ' ', "'", '"', '\\', '%', '_', '%%', '\u0000', 'a\u0000b', '\u202e', '\uffff', '\ud800', '😀', "'; drop table zones; --", '$$', '${1}',
    '../../etc/passwd', '<script>alert(1)</script>', 'null', 'undefined', 'NaN', 'true', '[]', '{}', '1e309', '-0', '0x10', ' 1', '1 ',
  ) },
  { weight: 1, arbitrary: fc.oneof(fc.nat({ max: 300 }), fc.constantFrom(5000, 100_000)).map((length) => 'x'.repeat(length)) },
)

/** Numbers as a query string writes them, right and wrong. */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('1e309', '-1e309', 'Infinity', 'NaN', '0x1F', '1_000', '١٢', '1.', '.5', '+1', '--1', '9007199254740993', '2147483648', '-2147483649', ''),
  nastyText,
)

export const dateText: fc.Arbitrary<string> = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('2017-02-29', '2017-02-30', '2017-13-01', '0000-01-01', '9999-12-31', '10000-01-01', '2017-1-1', '2017/01/01', 'today', 'infinity', '-infinity', 'epoch', '1 BC'),
  nastyText,
)

/** Slugs, near-slugs and junk. */
export const slugText = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...known), fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}$/), nastyText)

/** An id or slug for /zones/:id, as the path segment would carry it. */
export const zoneIdText = (slugs: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    slugText(slugs),
    fc.integer({ min: -3, max: 60 }).map(String),
    numberText,
    fc.nat({ max: 400 }).map((length) => '9'.repeat(length)),
  )

/** A comma list drawn from the allowed values, with intruders. */
export const commaList = (allowed: readonly string[]): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...allowed) }, { weight: 1, arbitrary: nastyText }), { minLength: 1, maxLength: 6 }).map((items) => items.join(','))

const coordinateText = fc.array(numberText, { minLength: 1, maxLength: 6 }).map((items) => items.join(','))

/** Mostly a right value, sometimes a wrong one. */
const rightOrWrong = (right: fc.Arbitrary<string>, wrong: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong })

const calendarDate = fc.date({ min: new Date('2010-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10))

/** Query parameters of GET /zones (and, now and then, ones it does not know), each right or wrong. */
export const zonesQuery = (slugs: readonly string[]): fc.Arbitrary<Record<string, string | string[]>> =>
  fc
    .tuple(
      fc.record(
        {
          status: fc.oneof(commaList(STATUSES), fc.array(fc.constantFrom(...STATUSES), { maxLength: 3 })),
          kind: commaList(KINDS),
          sponsor: commaList(slugs),
          party: commaList(slugs),
          role: commaList(ROLES),
          bbox: fc.oneof(
            fc.tuple(fc.double({ min: -200, max: 200 }), fc.double({ min: -100, max: 100 }), fc.double({ min: -200, max: 200 }), fc.double({ min: -100, max: 100 })).map((box) => box.join(',')),
            fc.tuple(fc.double({ min: 35, max: 37, noNaN: true }), fc.double({ min: 32, max: 34, noNaN: true }), fc.double({ min: 38, max: 43, noNaN: true }), fc.double({ min: 35, max: 37.5, noNaN: true })).map((box) => box.join(',')),
            coordinateText,
          ),
          contains: fc.oneof(fc.tuple(fc.double({ min: -200, max: 200 }), fc.double({ min: -100, max: 100 })).map((point) => point.join(',')), coordinateText),
          as_of: rightOrWrong(calendarDate, dateText),
          q: nastyText,
          limit: rightOrWrong(fc.integer({ min: 1, max: 10_000 }).map(String), numberText),
          cursor: rightOrWrong(fc.integer({ min: 0, max: 40 }).map((id) => Buffer.from(`after:${id}`).toString('base64url')), fc.oneof(fc.integer().map((id) => Buffer.from(`after:${id}`).toString('base64url')), fc.string().map((text) => Buffer.from(text).toString('base64url')), nastyText)),
          properties: commaList(ZONE_PROPERTIES),
          geometry: rightOrWrong(fc.constantFrom('true', 'false'), fc.oneof(fc.constantFrom('1', '0', 'yes', ''), nastyText)),
          precision: rightOrWrong(fc.integer({ min: 0, max: 15 }).map(String), numberText),
        },
        { requiredKeys: [] },
      ),
      fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.dictionary(nastyText, nastyText, { minKeys: 1, maxKeys: 2 }) }),
    )
    .map(([known, unknown]) => ({ ...(unknown ?? {}), ...known }))

/** Query parameters of GET /zones that the schema accepts, in every combination; q is any text at all. */
export const validZonesQuery = (slugs: readonly string[]): fc.Arbitrary<Record<string, string>> => {
  const list = (values: readonly string[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }).map((items) => items.join(','))
  return fc.record(
    {
      status: list(STATUSES),
      kind: list(KINDS),
      sponsor: list(slugs),
      party: list(slugs),
      role: list(ROLES),
      bbox: fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 0, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: 0, max: 90, noNaN: true })).map((box) => box.join(',')),
      contains: fc.tuple(fc.double({ min: 35, max: 43, noNaN: true }), fc.double({ min: 32, max: 37, noNaN: true })).map((point) => point.join(',')),
      as_of: calendarDate,
      q: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 50 }), fc.constantFrom('%', '_', '\\', "'", 'raqqa', 'Idlib', '\u0000')),
      limit: fc.integer({ min: 1, max: 10_000 }).map(String),
      cursor: fc.integer({ min: 0, max: 40 }).map((id) => Buffer.from(`after:${id}`).toString('base64url')),
      properties: list(ZONE_PROPERTIES),
      geometry: fc.constantFrom('true', 'false'),
      precision: fc.integer({ min: 0, max: 15 }).map(String),
    },
    { requiredKeys: [] },
  )
}

/** Percent-encodes text as a browser would (a lone surrogate, which no URL can carry, becomes U+FFFD). */
export const encode = (text: string): string => encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'))

/** A query string built from parameters, each name and value percent-encoded. */
export function queryString(parameters: Record<string, string | string[]>): string {
  return Object.entries(parameters)
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => `${encode(name)}=${encode(item)}`))
    .join('&')
}

/** Raw query strings, not all of them well-formed: stray %, broken escapes, repeated and empty names. */
export const rawQueryString: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom('%', '%zz', '%C0%80', '%00', '%FF', '&', '=', '==', '&&', '+', '%2C', ',', '[]', '[0]', 'a[b]=1', '__proto__=1', 'constructor[prototype][x]=1'), fc.string({ unit: 'grapheme-ascii', maxLength: 8 }).map((text) => encodeURI(text))), { maxLength: 10 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encode),
)

// ---------------------------------------------------------------------------------------------
// GeoJSON: valid shapes, broken shapes and things that are not shapes at all.

const lon = fc.oneof({ weight: 6, arbitrary: fc.double({ min: 35, max: 43, noNaN: true }) }, { weight: 1, arbitrary: fc.double() }, { weight: 1, arbitrary: fc.constantFrom(180, -180, 180.0000001, 1e308, -0, 0) })
const lat = fc.oneof({ weight: 6, arbitrary: fc.double({ min: 32, max: 37, noNaN: true }) }, { weight: 1, arbitrary: fc.double() }, { weight: 1, arbitrary: fc.constantFrom(90, -90, 90.0000001) })
const position = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(lon, lat) as fc.Arbitrary<unknown[]> },
  { weight: 1, arbitrary: fc.tuple(lon, lat, fc.double()) as fc.Arbitrary<unknown[]> },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.boolean()), { maxLength: 5 }) },
)

/** A closed ring near Syria: a small regular polygon, valid unless its points are mangled. */
const ring = fc
  .tuple(fc.double({ min: 35.5, max: 42, noNaN: true }), fc.double({ min: 32.5, max: 36.5, noNaN: true }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.integer({ min: 3, max: 12 }))
  .map(([x, y, radius, corners]) => {
    const points = Array.from({ length: corners }, (_, index) => [x + radius * Math.cos((2 * Math.PI * index) / corners), y + radius * Math.sin((2 * Math.PI * index) / corners)])
    return [...points, points[0]!]
  })
/** A valid polygon near Syria. */
export const validPolygon = ring.map((points) => ({ type: 'Polygon', coordinates: [points] }))

const brokenRing = fc.oneof(
  fc.array(position, { minLength: 0, maxLength: 6 }),
  ring.map((points) => points.slice(0, -1)), // not closed
  ring.map((points) => [points[0]!, points[2]!, points[1]!, points[3] ?? points[0]!, points[0]!]), // a bow tie, often
  fc.constant([[36, 33], [36, 33], [36, 33], [36, 33]]), // degenerate
  invalidRing, // stars, bowties, spikes, repeated points, zero-area and collinear rings
  ringWithHostileCoordinate, // 1e308, just past ±180/±90, subnormal
)

const anyRing = fc.oneof({ weight: 3, arbitrary: ring }, { weight: 2, arbitrary: brokenRing })

/** GeoJSON geometries of every type, mostly well-formed, often invalid, sometimes absurd. */
export const geometry: fc.Arbitrary<unknown> = fc.letrec<{ geometry: unknown }>((tie) => ({
  geometry: fc.oneof(
    { weight: 4, arbitrary: fc.array(anyRing, { minLength: 1, maxLength: 3 }).map((rings) => ({ type: 'Polygon', coordinates: rings })) },
    { weight: 2, arbitrary: fc.array(fc.array(anyRing, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }).map((polygons) => ({ type: 'MultiPolygon', coordinates: polygons })) },
    { weight: 1, arbitrary: position.map((coordinates) => ({ type: 'Point', coordinates })) },
    { weight: 1, arbitrary: fc.array(position, { maxLength: 5 }).map((coordinates) => ({ type: 'LineString', coordinates })) },
    { weight: 1, arbitrary: fc.array(fc.array(position, { maxLength: 4 }), { maxLength: 3 }).map((coordinates) => ({ type: 'MultiLineString', coordinates })) },
    { weight: 1, arbitrary: fc.array(position, { maxLength: 4 }).map((coordinates) => ({ type: 'MultiPoint', coordinates })) },
    { weight: 1, arbitrary: fc.array(tie('geometry'), { maxLength: 2 }).map((geometries) => ({ type: 'GeometryCollection', geometries })) },
    { weight: 1, arbitrary: fc.record({ type: fc.oneof(nastyText, fc.constantFrom('Feature', 'FeatureCollection', 'polygon')), coordinates: fc.jsonValue({ maxDepth: 4 }) }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  ),
})).geometry

/** Sets or breaks one field of an object: the value right, wrong, null, or the field gone. */
export function mutate(base: Record<string, unknown>, fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields) as Array<[string, fc.Arbitrary<unknown>]>
  const change = fc.tuple(
    fc.constantFrom(...entries),
    fc.oneof({ weight: 4, arbitrary: fc.constant('set' as const) }, { weight: 1, arbitrary: fc.constant('remove' as const) }, { weight: 1, arbitrary: fc.constant('junk' as const) }),
  )
  return fc.array(change, { minLength: 0, maxLength: 4 }).chain((changes) =>
    fc.tuple(...changes.map(([[, arbitrary], how]) => (how === 'junk' ? fc.jsonValue({ maxDepth: 2 }) : arbitrary))).map((values) => {
      const result: Record<string, unknown> = { ...base }
      changes.forEach(([[name], how], index) => {
        if (how === 'remove') delete result[name]
        else result[name] = values[index]
      })
      return result
    }),
  )
}

/** A request body as it goes on the wire: JSON of the value, or text that is not JSON at all. */
export const wireBody = (value: fc.Arbitrary<unknown>): fc.Arbitrary<{ payload: string; contentType: string | undefined }> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.tuple(value, fc.constantFrom('application/json', 'application/geo+json', 'application/merge-patch+json')).map(([body, contentType]) => ({ payload: JSON.stringify(body) ?? 'null', contentType })) },
    { weight: 1, arbitrary: value.map((body) => ({ payload: (JSON.stringify(body) ?? 'null').slice(0, -1), contentType: 'application/json' })) }, // truncated
    { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('{"__proto__": {"x": 1}}', '{"constructor": {"prototype": {"x": 1}}}', '{', '[', 'nul', '{"a":1}{"b":2}', '\ufeff{}')), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', undefined)).map(([payload, contentType]) => ({ payload, contentType })) },
  )
