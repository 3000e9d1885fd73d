import { Cql2Error } from './errors.ts'
import type { Token, TokenType } from './tokenizer.ts'

/** Reads a token list front to back for the parser and the WKT reader; keywords match case-insensitively. */
export class TokenCursor {
  private index = 0

  constructor(private readonly tokens: readonly Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!
  }

  next(): Token {
    const token = this.peek()
    if (token.type !== 'end') this.index += 1
    return token
  }

  /** Whether the token `ahead` is the keyword `word` (given in capitals). */
  isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead)
    return token.type === 'identifier' && token.text.toUpperCase() === word
  }

  /** Consumes a token of this type, or fails naming what was expected. */
  expect(type: TokenType, expected: string): Token {
    const token = this.peek()
    if (token.type !== type) throw new Cql2Error(`expected ${expected}, found ${describe(token)}`, token.offset)
    return this.next()
  }

  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) {
      const token = this.peek()
      throw new Cql2Error(`expected ${word}, found ${describe(token)}`, token.offset)
    }
    return this.next()
  }
}

/** A token as a person would name it in an error message. */
export function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the filter'
    case 'string':
      return `the string '${token.text.length > 30 ? `${token.text.slice(0, 30)}…` : token.text}'`
    case 'quotedIdentifier':
      return `"${token.text}"`
    default:
      return `"${token.text.length > 30 ? `${token.text.slice(0, 30)}…` : token.text}"`
  }
}
