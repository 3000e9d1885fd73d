/**
 * The abstract syntax tree of a CQL2 filter, as the parser builds it and the SQL translator reads it.
 * Every node keeps the offset of its first character in the filter text, for error messages.
 */

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>='

export const SPATIAL_OPERATORS = ['S_INTERSECTS', 'S_EQUALS', 'S_DISJOINT', 'S_TOUCHES', 'S_WITHIN', 'S_OVERLAPS', 'S_CROSSES', 'S_CONTAINS'] as const
export type SpatialOperator = (typeof SPATIAL_OPERATORS)[number]

export interface PropertyRef {
  type: 'property'
  name: string
  offset: number
}

export type LiteralValue =
  | { valueType: 'string'; value: string }
  | { valueType: 'number'; value: number }
  | { valueType: 'boolean'; value: boolean }
  /** DATE('2017-07-09'): the date as written. */
  | { valueType: 'date'; value: string }
  /** TIMESTAMP('...'): the instant in UTC, YYYY-MM-DDTHH:MM:SS.sssZ. */
  | { valueType: 'timestamp'; value: string }
  /** A WKT geometry, rewritten canonically (2D, no extra spaces). */
  | { valueType: 'geometry'; value: string }
  /** BBOX(west, south, east, north); west > east crosses the antimeridian. */
  | { valueType: 'bbox'; value: [number, number, number, number] }

export type Literal = LiteralValue & { type: 'literal'; offset: number }

export type Operand = PropertyRef | Literal

export type Expression =
  | { type: 'and' | 'or'; operands: Expression[]; offset: number }
  | { type: 'not'; operand: Expression; offset: number }
  | { type: 'constant'; value: boolean; offset: number }
  | { type: 'comparison'; operator: ComparisonOperator; left: Operand; right: Operand; offset: number }
  | { type: 'like'; negated: boolean; subject: Operand; pattern: Operand; offset: number }
  | { type: 'between'; negated: boolean; subject: Operand; low: Operand; high: Operand; offset: number }
  | { type: 'in'; negated: boolean; subject: Operand; list: Operand[]; offset: number }
  | { type: 'isNull'; negated: boolean; subject: Operand; offset: number }
  | { type: 'spatial'; operator: SpatialOperator; left: Operand; right: Operand; offset: number }
