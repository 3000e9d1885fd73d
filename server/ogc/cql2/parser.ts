import { SPATIAL_OPERATORS, type ComparisonOperator, type Expression, type Literal, type Operand, type SpatialOperator } from './ast.ts'
import { TokenCursor, describe } from './cursor.ts'
import { Cql2Error } from './errors.ts'
import { CQL2_LIMITS, type Cql2Limits } from './limits.ts'
import { tokenize, type Token } from './tokenizer.ts'
import { type GeometryAllowance, geometryAllowance, isBboxKeyword, isGeometryKeyword, readBbox, readGeometry } from './wkt.ts'
import { parseCalendarDate, parseDateTime } from '../rfc3339.ts'

/**
 * Parses CQL2 text (OGC 21-065) into an AST: logical operators, comparisons, LIKE, BETWEEN, IN,
 * IS NULL, the spatial functions S_* with WKT and BBOX literals, and DATE()/TIMESTAMP() literals.
 * Arithmetic, functions, temporal and array operators are refused by name. The limits are checked
 * while parsing, so deep or long input fails early.
 *
 *   parseCql2Text("status = 'active' AND S_INTERSECTS(geometry, POINT(36.7 35.4))")
 *   -> { type: 'and', operands: [{ type: 'comparison', ... }, { type: 'spatial', ... }] }
 */

const RESERVED = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL'])
const UNSUPPORTED_FUNCTIONS: Record<string, string> = {
  CASEI: 'CASEI() (case-insensitive comparison) is not supported',
  ACCENTI: 'ACCENTI() (accent-insensitive comparison) is not supported',
  INTERVAL: 'INTERVAL() literals are not supported; compare dates with <, >, BETWEEN',
}

class Parser {
  private readonly cursor: TokenCursor
  private depth = 0
  private predicates = 0
  private readonly geometryAllowance: GeometryAllowance

  constructor(
    tokens: Token[],
    private readonly limits: Cql2Limits,
  ) {
    this.cursor = new TokenCursor(tokens)
    this.geometryAllowance = geometryAllowance(limits)
  }

  parse(): Expression {
    if (this.cursor.peek().type === 'end') throw new Cql2Error('the filter is empty', 0)
    const expression = this.parseOr()
    const rest = this.cursor.peek()
    if (rest.type === ')') throw new Cql2Error('unbalanced parentheses: this ")" has no matching "("', rest.offset)
    if (rest.type !== 'end') throw new Cql2Error(`expected AND, OR or the end of the filter, found ${describe(rest)}`, rest.offset)
    return expression
  }

  private enter(offset: number): void {
    this.depth += 1
    if (this.depth > this.limits.maxDepth) throw new Cql2Error(`the filter nests deeper than ${this.limits.maxDepth} levels`, offset)
  }

  private countPredicate(offset: number): void {
    this.predicates += 1
    if (this.predicates > this.limits.maxPredicates) throw new Cql2Error(`the filter has more than ${this.limits.maxPredicates} predicates`, offset)
  }

  private parseOr(): Expression {
    return this.parseChain('OR', () => this.parseAnd())
  }

  private parseAnd(): Expression {
    return this.parseChain('AND', () => this.parseNot())
  }

  /** `a OP b OP c` as one n-ary node, so long chains do not make a deep tree. */
  private parseChain(keyword: 'AND' | 'OR', parseOperand: () => Expression): Expression {
    const first = parseOperand()
    if (!this.cursor.isKeyword(keyword)) return first
    const operands = [first]
    while (this.cursor.isKeyword(keyword)) {
      this.cursor.next()
      operands.push(parseOperand())
    }
    return { type: keyword === 'AND' ? 'and' : 'or', operands, offset: first.offset }
  }

  private parseNot(): Expression {
    if (!this.cursor.isKeyword('NOT')) return this.parsePrimary()
    const not = this.cursor.next()
    this.enter(not.offset)
    const operand = this.parseNot()
    this.depth -= 1
    return { type: 'not', operand, offset: not.offset }
  }

  private parsePrimary(): Expression {
    const token = this.cursor.peek()
    if (token.type === '(') {
      this.cursor.next()
      this.enter(token.offset)
      const inner = this.parseOr()
      const close = this.cursor.peek()
      if (close.type !== ')') {
        if (close.type === 'end') throw new Cql2Error('unbalanced parentheses: this "(" is never closed', token.offset)
        throw new Cql2Error(`expected AND, OR or ")", found ${describe(close)}`, close.offset)
      }
      this.cursor.next()
      this.depth -= 1
      return inner
    }
    if (token.type === 'identifier' && this.cursor.peek(1).type === '(') {
      const upper = token.text.toUpperCase()
      if ((SPATIAL_OPERATORS as readonly string[]).includes(upper)) return this.parseSpatial(upper as SpatialOperator)
      if (/^T_[A-Z]+$/.test(upper)) throw new Cql2Error(`the temporal function ${upper} is not supported`, token.offset, 'compare dates with <, >, BETWEEN')
      if (/^A_[A-Z]+$/.test(upper)) throw new Cql2Error(`the array function ${upper} is not supported`, token.offset)
    }
    this.countPredicate(token.offset)
    const subject = this.parseOperand()
    if (subject.type === 'literal' && subject.valueType === 'boolean' && !this.startsPredicateTail()) {
      return { type: 'constant', value: subject.value, offset: subject.offset }
    }
    return this.parsePredicateTail(subject)
  }

  private startsPredicateTail(): boolean {
    const token = this.cursor.peek()
    return token.type === 'operator' || ['NOT', 'LIKE', 'BETWEEN', 'IN', 'IS'].some((word) => this.cursor.isKeyword(word))
  }

  private parsePredicateTail(subject: Operand): Expression {
    const offset = subject.offset
    const token = this.cursor.peek()
    if (token.type === 'operator') {
      this.cursor.next()
      return { type: 'comparison', operator: token.text as ComparisonOperator, left: subject, right: this.parseOperand(), offset }
    }
    if (this.cursor.isKeyword('IS')) {
      this.cursor.next()
      const negated = this.cursor.isKeyword('NOT')
      if (negated) this.cursor.next()
      this.cursor.expectKeyword('NULL')
      return { type: 'isNull', negated, subject, offset }
    }
    const negated = this.cursor.isKeyword('NOT')
    if (negated) this.cursor.next()
    if (this.cursor.isKeyword('LIKE')) {
      this.cursor.next()
      return { type: 'like', negated, subject, pattern: this.parseOperand(), offset }
    }
    if (this.cursor.isKeyword('BETWEEN')) {
      this.cursor.next()
      const low = this.parseOperand()
      this.cursor.expectKeyword('AND')
      return { type: 'between', negated, subject, low, high: this.parseOperand(), offset }
    }
    if (this.cursor.isKeyword('IN')) {
      this.cursor.next()
      return { type: 'in', negated, subject, list: this.parseList(), offset }
    }
    const found = this.cursor.peek()
    if (found.type === 'identifier' && found.text.toUpperCase() === 'ILIKE') {
      throw new Cql2Error('ILIKE is not CQL2', found.offset, 'use LIKE')
    }
    throw new Cql2Error(
      `expected ${negated ? 'LIKE, BETWEEN or IN' : 'a comparison (=, <>, <, <=, >, >=), LIKE, BETWEEN, IN or IS NULL'}, found ${describe(found)}`,
      found.offset,
    )
  }

  private parseList(): Operand[] {
    const open = this.cursor.expect('(', '"(" to start the IN list')
    const list: Operand[] = []
    do {
      if (list.length > 0) this.cursor.next()
      if (list.length === this.limits.maxListItems) {
        throw new Cql2Error(`the IN list has more than ${this.limits.maxListItems} values`, this.cursor.peek().offset)
      }
      list.push(this.parseOperand())
    } while (this.cursor.peek().type === ',')
    const close = this.cursor.peek()
    if (close.type !== ')') {
      if (close.type === 'end') throw new Cql2Error('unbalanced parentheses: the IN list is never closed', open.offset)
      throw new Cql2Error(`expected "," or ")" in the IN list, found ${describe(close)}`, close.offset)
    }
    this.cursor.next()
    return list
  }

  private parseSpatial(operator: SpatialOperator): Expression {
    const name = this.cursor.next()
    this.countPredicate(name.offset)
    this.cursor.expect('(', '"("')
    const left = this.parseOperand()
    this.cursor.expect(',', `"," between the two arguments of ${operator}`)
    const right = this.parseOperand()
    this.cursor.expect(')', `")" after the two arguments of ${operator}`)
    return { type: 'spatial', operator, left, right, offset: name.offset }
  }

  /** A property name or a literal. */
  private parseOperand(): Operand {
    const token = this.cursor.peek()
    switch (token.type) {
      case 'quotedIdentifier':
        this.cursor.next()
        return { type: 'property', name: token.text, offset: token.offset }
      case 'string':
        this.cursor.next()
        return { type: 'literal', valueType: 'string', value: token.text, offset: token.offset }
      case 'number': {
        this.cursor.next()
        const value = Number(token.text)
        if (!Number.isFinite(value)) throw new Cql2Error(`the number ${token.text} is out of range`, token.offset)
        return { type: 'literal', valueType: 'number', value, offset: token.offset }
      }
      case 'identifier':
        return this.parseWord(token)
      case '(':
        throw new Cql2Error('expected a property or a value, found "("', token.offset, 'arithmetic and nested values are not supported')
      case '[':
        throw new Cql2Error('array literals are not supported', token.offset)
      default:
        throw new Cql2Error(`expected a property or a value, found ${describe(token)}`, token.offset)
    }
  }

  private parseWord(token: Token): Operand {
    const upper = token.text.toUpperCase()
    const call = this.cursor.peek(1).type === '('
    if (upper === 'TRUE' || upper === 'FALSE') {
      this.cursor.next()
      return { type: 'literal', valueType: 'boolean', value: upper === 'TRUE', offset: token.offset }
    }
    if (call && (upper === 'DATE' || upper === 'TIMESTAMP')) return this.parseInstant(upper)
    if (isGeometryKeyword(this.cursor)) {
      return { type: 'literal', valueType: 'geometry', value: readGeometry(this.cursor, this.limits.maxDepth - this.depth, this.geometryAllowance), offset: token.offset }
    }
    if (isBboxKeyword(this.cursor)) return { type: 'literal', valueType: 'bbox', value: readBbox(this.cursor), offset: token.offset }
    if (call && UNSUPPORTED_FUNCTIONS[upper]) throw new Cql2Error(UNSUPPORTED_FUNCTIONS[upper], token.offset)
    if (call) throw new Cql2Error(`the function ${token.text}() is not supported`, token.offset)
    if (RESERVED.has(upper)) throw new Cql2Error(`expected a property or a value, found ${upper}`, token.offset, 'quote a property with a reserved name: "in"')
    this.cursor.next()
    return { type: 'property', name: token.text, offset: token.offset }
  }

  /** DATE('2017-07-09') or TIMESTAMP('2017-07-09T10:00:00Z'). */
  private parseInstant(keyword: 'DATE' | 'TIMESTAMP'): Literal {
    const start = this.cursor.next()
    this.cursor.expect('(', '"("')
    const text = this.cursor.expect('string', `a quoted ${keyword === 'DATE' ? 'date' : 'timestamp'}`)
    this.cursor.expect(')', '")"')
    if (keyword === 'DATE') {
      const date = parseCalendarDate(text.text)
      if (!date) throw new Cql2Error(`'${text.text}' is not a date as YYYY-MM-DD`, text.offset)
      return { type: 'literal', valueType: 'date', value: date, offset: start.offset }
    }
    const instant = parseDateTime(text.text)
    if (!instant) throw new Cql2Error(`'${text.text}' is not an RFC 3339 timestamp such as 2017-07-09T10:00:00Z`, text.offset)
    return { type: 'literal', valueType: 'timestamp', value: instant.utc, offset: start.offset }
  }
}

export function parseCql2Text(text: string, limits: Cql2Limits = CQL2_LIMITS): Expression {
  if (text.length > limits.maxLength) throw new Cql2Error(`the filter is longer than ${limits.maxLength} characters`, limits.maxLength)
  return new Parser(tokenize(text), limits).parse()
}
