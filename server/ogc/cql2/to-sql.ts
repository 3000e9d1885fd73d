import type { ComparisonOperator, Expression, Literal, Operand, SpatialOperator } from './ast.ts'
import { Cql2Error } from './errors.ts'
import { parseClientInstant } from '../rfc3339.ts'

/**
 * Translates a CQL2 AST into a parameterised SQL condition. Property names are looked up in the
 * queryables given by the caller, whose SQL comes from the server's allowlist; the filter text never
 * becomes SQL: every value is a bound `?` parameter, cast to the property's type. Type mismatches
 * (a string compared with a number, LIKE on a date...) are refused here, so the database never
 * sees a query it would reject.
 *
 *   toSql(parse("status = 'active'"), QUERYABLES) -> { sql: '(z.status = ?)', bindings: ['active'] }
 */

/** `date` is a calendar day (a UTC date), `timestamp` an instant (timestamptz). */
export type QueryableType = 'string' | 'number' | 'boolean' | 'date' | 'timestamp' | 'geometry'

export interface QueryableColumn {
  type: QueryableType
  /** The SQL that gives the value, from the server's allowlist (never from a request). */
  sql: string
  /**
   * For a property with several values per feature: wraps a condition on `sql` so that it holds
   * when any of the values satisfies it, e.g. `exists (select 1 ... where <condition>)`. Such a
   * property takes =, LIKE and IN (some value matches), their negations (there are values and none
   * matches, so `p = 'a'` and `p <> 'a'` never both hold) and IS NULL (no values); not <, >.
   */
  anyOf?: (condition: string) => string
  /** A string compared without regard to case (=, <>, LIKE, IN): names as people write them. */
  caseInsensitive?: boolean
}

export type Queryables = ReadonlyMap<string, QueryableColumn>

export type Binding = string | number | boolean

export interface SqlCondition {
  sql: string
  bindings: Binding[]
}

const SPATIAL_SQL: Record<SpatialOperator, string> = {
  S_INTERSECTS: 'ST_Intersects',
  S_EQUALS: 'ST_Equals',
  S_DISJOINT: 'ST_Disjoint',
  S_TOUCHES: 'ST_Touches',
  S_WITHIN: 'ST_Within',
  S_OVERLAPS: 'ST_Overlaps',
  S_CROSSES: 'ST_Crosses',
  S_CONTAINS: 'ST_Contains',
}

/** `a < b` read from the right: `b > a`. */
const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' }

const TYPE_NAMES: Record<QueryableType, string> = {
  string: "a string in single quotes ('...')",
  number: 'a number',
  boolean: 'TRUE or FALSE',
  date: "a date: DATE('2017-07-09'), TIMESTAMP('2017-07-09T10:00:00Z') or '2017-07-09'",
  timestamp: "an instant: TIMESTAMP('2017-07-09T10:00:00Z'), DATE('2017-07-09') or '2017-07-09T10:00:00Z'",
  geometry: 'a geometry',
}

/** One side of a comparison in SQL: a `?` with its cast and value. */
interface Value {
  sql: string
  binding: Binding
}

class Translator {
  readonly bindings: Binding[] = []

  constructor(private readonly queryables: Queryables) {}

  expression(node: Expression): string {
    switch (node.type) {
      case 'and':
      case 'or':
        return `(${node.operands.map((operand) => this.expression(operand)).join(` ${node.type} `)})`
      case 'not':
        return `(not ${this.expression(node.operand)})`
      case 'constant':
        return node.value ? 'true' : 'false'
      case 'comparison':
        return this.comparison(node.operator, node.left, node.right)
      case 'like':
        return this.like(node.subject, node.pattern, node.negated)
      case 'between':
        return this.between(node.subject, node.low, node.high, node.negated)
      case 'in':
        return this.inList(node.subject, node.list, node.negated)
      case 'isNull':
        return this.isNull(node.subject, node.negated)
      case 'spatial':
        return this.spatial(node.operator, node.left, node.right)
    }
  }

  private property(operand: Operand, role: string): { name: string; column: QueryableColumn } {
    if (operand.type !== 'property') {
      throw new Cql2Error(`${role} must be a property, not a value`, operand.offset, 'comparisons between two values or two properties are not supported')
    }
    const column = this.queryables.get(operand.name)
    if (!column) throw new Cql2Error(`unknown property ${JSON.stringify(operand.name)}`, operand.offset, `queryables: ${[...this.queryables.keys()].join(', ')}`)
    return { name: operand.name, column }
  }

  private literal(operand: Operand, name: string, type: QueryableType): Literal {
    if (operand.type !== 'literal') {
      // A bare word that is no queryable is most often a value written without quotes (Infinity, NaN, a name).
      if (!this.queryables.has(operand.name)) {
        throw new Cql2Error(`${JSON.stringify(operand.name)} is neither a value nor a queryable property`, operand.offset, 'quote text as \'text\'; numbers are finite decimals')
      }
      throw new Cql2Error(`compare ${JSON.stringify(name)} with a value, not with a property`, operand.offset, 'property-property comparisons are not supported')
    }
    if (type === 'geometry') {
      throw new Cql2Error(`the geometry property ${JSON.stringify(name)} can only be used in the S_ functions and IS NULL`, operand.offset)
    }
    return operand
  }

  /** The literal as a bound value of the property's type, or a Cql2Error naming what was expected. */
  private value(operand: Operand, name: string, type: QueryableType): Value {
    const literal = this.literal(operand, name, type)
    const mismatch = () => new Cql2Error(`${JSON.stringify(name)} expects ${TYPE_NAMES[type]}`, literal.offset)
    switch (type) {
      case 'string':
        if (literal.valueType !== 'string') throw mismatch()
        return { sql: '?', binding: literal.value }
      case 'number':
        if (literal.valueType !== 'number') throw mismatch()
        return { sql: '?::numeric', binding: literal.value }
      case 'boolean':
        if (literal.valueType !== 'boolean') throw mismatch()
        return { sql: '?::boolean', binding: literal.value }
      case 'date': {
        if (literal.valueType === 'date') return { sql: '?::date', binding: literal.value }
        if (literal.valueType === 'timestamp') return { sql: '?::timestamp', binding: naiveUtc(literal.value) }
        // A quoted date as GDAL and QGIS write it (see parseClientInstant); with a time, it is compared as one.
        const instant = literal.valueType === 'string' ? parseClientInstant(literal.value) : null
        if (!instant) throw mismatch()
        return instant.hasTime ? { sql: '?::timestamp', binding: naiveUtc(instant.utc) } : { sql: '?::date', binding: instant.date }
      }
      case 'timestamp': {
        if (literal.valueType === 'date') return { sql: '?::timestamptz', binding: `${literal.value}T00:00:00Z` }
        if (literal.valueType === 'timestamp') return { sql: '?::timestamptz', binding: literal.value }
        const instant = literal.valueType === 'string' ? parseClientInstant(literal.value) : null
        if (!instant) throw mismatch()
        return { sql: '?::timestamptz', binding: instant.utc }
      }
      default:
        throw mismatch()
    }
  }

  /**
   * The column's SQL: cast to timestamp when it meets a timestamp (dates are whole UTC days), in
   * lower case when it is compared without regard to case.
   */
  private columnFor(column: QueryableColumn, values: Value[]): string {
    if (column.caseInsensitive) return `lower(${column.sql})`
    return column.type === 'date' && values.some((value) => value.sql === '?::timestamp') ? `(${column.sql})::timestamp` : column.sql
  }

  private bind(values: Value[], column?: QueryableColumn): string[] {
    for (const value of values) this.bindings.push(value.binding)
    return values.map((value) => (column?.caseInsensitive ? `lower(${value.sql})` : value.sql))
  }

  /** `condition` (negated when asked) on the column; for many-valued columns, see QueryableColumn.anyOf. */
  private condition(column: QueryableColumn, condition: string, negated: boolean): string {
    if (!column.anyOf) return negated ? `(not ${condition})` : condition
    return negated ? `(${column.anyOf('true')} and not ${column.anyOf(condition)})` : column.anyOf(condition)
  }

  private comparison(operator: ComparisonOperator, left: Operand, right: Operand): string {
    const [propertySide, valueSide, op] = left.type === 'property' || right.type !== 'property' ? [left, right, operator] : [right, left, FLIPPED[operator]]
    const { name, column } = this.property(propertySide, 'one side of the comparison')
    if (column.anyOf && op !== '=' && op !== '<>') {
      throw new Cql2Error(`${JSON.stringify(name)} has several values per feature and takes =, <>, LIKE, IN and IS NULL, not ${op}`, propertySide.offset)
    }
    const value = this.value(valueSide, name, column.type)
    const [placeholder] = this.bind([value], column)
    if (column.anyOf) return this.condition(column, `(${this.columnFor(column, [value])} = ${placeholder})`, op === '<>')
    return `(${this.columnFor(column, [value])} ${op} ${placeholder})`
  }

  private like(subject: Operand, pattern: Operand, negated: boolean): string {
    const { name, column } = this.property(subject, 'the left side of LIKE')
    if (column.type !== 'string') throw new Cql2Error(`LIKE needs a string property; ${JSON.stringify(name)} is not one`, subject.offset)
    const value = this.value(pattern, name, 'string')
    if (/(^|[^\\])(\\\\)*\\$/.test(value.binding as string)) {
      throw new Cql2Error('a LIKE pattern cannot end with the escape character \\', pattern.offset, 'write \\\\ for a backslash')
    }
    const [placeholder] = this.bind([value], column)
    return this.condition(column, `(${this.columnFor(column, [value])} like ${placeholder})`, negated)
  }

  private between(subject: Operand, low: Operand, high: Operand, negated: boolean): string {
    const { name, column } = this.property(subject, 'the left side of BETWEEN')
    if (column.type !== 'number' && column.type !== 'date' && column.type !== 'timestamp') {
      throw new Cql2Error(`BETWEEN needs a number or date property; ${JSON.stringify(name)} is not one`, subject.offset)
    }
    const values = [this.value(low, name, column.type), this.value(high, name, column.type)]
    const [from, to] = this.bind(values)
    return this.condition(column, `(${this.columnFor(column, values)} between ${from} and ${to})`, negated)
  }

  private inList(subject: Operand, list: Operand[], negated: boolean): string {
    const { name, column } = this.property(subject, 'the left side of IN')
    const values = list.map((item) => this.value(item, name, column.type))
    const placeholders = this.bind(values, column)
    return this.condition(column, `(${this.columnFor(column, values)} in (${placeholders.join(', ')}))`, negated)
  }

  private isNull(subject: Operand, negated: boolean): string {
    const { column } = this.property(subject, 'the left side of IS NULL')
    if (column.anyOf) return negated ? column.anyOf('true') : `(not ${column.anyOf('true')})`
    return `(${column.sql} is ${negated ? 'not ' : ''}null)`
  }

  private spatial(operator: SpatialOperator, left: Operand, right: Operand): string {
    const [propertySide, literalSide] = left.type === 'property' ? [left, right] : [right, left]
    const { name, column } = this.property(propertySide, `one argument of ${operator}`)
    if (column.type !== 'geometry') throw new Cql2Error(`${operator} needs a geometry property; ${JSON.stringify(name)} is not one`, propertySide.offset)
    if (literalSide.type !== 'literal' || (literalSide.valueType !== 'geometry' && literalSide.valueType !== 'bbox')) {
      throw new Cql2Error(`${operator} compares ${JSON.stringify(name)} with a WKT geometry or a BBOX(...)`, literalSide.offset)
    }
    const geometry = this.geometry(literalSide)
    const args = left === propertySide ? `${column.sql}, ${geometry}` : `${geometry}, ${column.sql}`
    return `${SPATIAL_SQL[operator]}(${args})`
  }

  /** A spatial literal as SQL in SRID 4326; a box across the antimeridian becomes two boxes. */
  private geometry(literal: Literal): string {
    if (literal.valueType === 'bbox') {
      const [west, south, east, north] = literal.value
      if (west <= east) {
        this.bindings.push(west, south, east, north)
        return 'ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 4326)'
      }
      this.bindings.push(west, south, north, south, east, north)
      return 'ST_Collect(ST_MakeEnvelope(?::float8, ?::float8, 180, ?::float8, 4326), ST_MakeEnvelope(-180, ?::float8, ?::float8, ?::float8, 4326))'
    }
    // The WKT reader let through only valid geometries, so GEOS gets nothing to repair.
    this.bindings.push(literal.value as string)
    return 'ST_GeomFromText(?::text, 4326)'
  }
}

/** An RFC 3339 UTC instant as a timestamp without zone, to compare with a date's midnight. */
function naiveUtc(utc: string): string {
  return utc.replace('T', ' ').replace(/Z$/i, '')
}

export function toSql(expression: Expression, queryables: Queryables): SqlCondition {
  const translator = new Translator(queryables)
  const sql = translator.expression(expression)
  return { sql, bindings: translator.bindings }
}
