import { Cql2Error } from './errors.ts'

/**
 * Splits CQL2 text into tokens. Keywords are plain identifiers here; the parser tells them apart
 * (case-insensitively). A sign belongs to the number after it, since arithmetic is not supported.
 *
 *   tokenize("name LIKE 'Siege%'")
 *   -> identifier name, identifier LIKE, string Siege%, end
 */

export type TokenType = 'identifier' | 'quotedIdentifier' | 'string' | 'number' | 'operator' | '(' | ')' | ',' | '[' | ']' | 'end'

export interface Token {
  type: TokenType
  /** The identifier, the string's value (quotes removed, '' unescaped), the number's text, or the operator. */
  text: string
  /** 0-based offset of the token's first character. */
  offset: number
}

const WHITESPACE = /[ \t\r\n]+/y
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y
// CQL2 identifiers: letters, '_' and ':' to start; then also digits, '.', and combining marks.
const IDENTIFIER = /[\p{L}_:][\p{L}\p{N}\p{M}_.:\u203F\u2040]*/uy
const OPERATORS = ['<=', '>=', '<>', '=', '<', '>']
const PUNCTUATION = new Set(['(', ')', ',', '[', ']'])

function matchAt(pattern: RegExp, text: string, offset: number): string | null {
  pattern.lastIndex = offset
  const match = pattern.exec(text)
  return match ? match[0] : null
}

function readQuoted(text: string, start: number, quote: "'" | '"'): { value: string; end: number } {
  let value = ''
  let index = start + 1
  while (index < text.length) {
    const character = text[index]!
    if (character === quote) {
      // '' inside a string is one quote; identifiers have no escapes.
      if (quote === "'" && text[index + 1] === "'") {
        value += "'"
        index += 2
        continue
      }
      return { value, end: index + 1 }
    }
    value += character
    index += 1
  }
  throw new Cql2Error(quote === "'" ? 'unterminated string: a closing single quote is missing' : 'unterminated quoted property name', start)
}

export function tokenize(text: string): Token[] {
  const nul = text.indexOf('\u0000')
  if (nul >= 0) throw new Cql2Error('unexpected NUL character', nul)
  const tokens: Token[] = []
  let offset = 0
  while (offset < text.length) {
    const whitespace = matchAt(WHITESPACE, text, offset)
    if (whitespace) {
      offset += whitespace.length
      continue
    }
    const character = text[offset]!
    if (character === "'" || character === '"') {
      const { value, end } = readQuoted(text, offset, character)
      tokens.push({ type: character === "'" ? 'string' : 'quotedIdentifier', text: value, offset })
      offset = end
      continue
    }
    if (PUNCTUATION.has(character)) {
      tokens.push({ type: character as TokenType, text: character, offset })
      offset += 1
      continue
    }
    const operator = OPERATORS.find((candidate) => text.startsWith(candidate, offset))
    if (operator) {
      tokens.push({ type: 'operator', text: operator, offset })
      offset += operator.length
      continue
    }
    const number = matchAt(NUMBER, text, offset)
    if (number) {
      tokens.push({ type: 'number', text: number, offset })
      offset += number.length
      continue
    }
    const identifier = matchAt(IDENTIFIER, text, offset)
    if (identifier) {
      tokens.push({ type: 'identifier', text: identifier, offset })
      offset += identifier.length
      continue
    }
    if (character === '!' && text[offset + 1] === '=') throw new Cql2Error('unexpected "!="', offset, 'CQL2 writes "not equal" as <>')
    throw new Cql2Error(`unexpected character ${JSON.stringify(String.fromCodePoint(text.codePointAt(offset)!))}`, offset)
  }
  tokens.push({ type: 'end', text: '', offset: text.length })
  return tokens
}
