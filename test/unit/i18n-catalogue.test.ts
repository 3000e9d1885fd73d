import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { parse, type MessageFormatElement, TYPE } from '@formatjs/icu-messageformat-parser'
import { describe, expect, it } from 'vitest'
import { KINDS } from '../../server/domain/kinds.ts'
import { ROLES } from '../../server/domain/parties.ts'
import { STATUSES } from '../../server/domain/statuses.ts'
import { SORT_KEYS } from '../../client/src/state.ts'
import { ALL_MESSAGES } from '../../client/src/i18n/messages/index.ts'
import { chooseLanguage, localeOf } from '../../client/src/i18n/languages.ts'
import { hrefFor } from '../../client/src/controls/language-switch.ts'

/**
 * The interface's catalogue (client/src/i18n/messages): every English message has an Arabic one,
 * both parse as ICU MessageFormat and use the same arguments, the Arabic is written in Arabic and
 * its plurals have Arabic's six forms, and every id the client's code asks for by name exists.
 */

const ARABIC_PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other']
const ARABIC_SCRIPT = /\p{Script=Arabic}/u
/** Names the Arabic keeps in Latin letters: file formats, protocols and services, as Arabic interfaces write them. */
const LATIN_NAMES = /GeoJSON|KML|CSV|WKT|HTTP|Google Earth|OpenStreetMap|Natural Earth|CSL-JSON|BibTeX|RIS|PNG|SVG|iframe|HTML|A4|Truce Atlas|Ctrl\+C|⌘C/g

interface Shape {
  /** The arguments' names (Arabic may count with a plural where English only writes the number). */
  arguments: Set<string>
  /** The forms of each plural argument. */
  plurals: Map<string, string[]>
  /** The message's own words, outside its arguments. */
  literal: string
}

function shapeOf(message: string): Shape {
  const shape: Shape = { arguments: new Set(), plurals: new Map(), literal: '' }
  const visit = (elements: MessageFormatElement[]): void => {
    for (const element of elements) {
      if (element.type === TYPE.literal) shape.literal += ` ${element.value}`
      if (element.type === TYPE.literal || element.type === TYPE.pound) continue
      if (element.type === TYPE.tag) {
        visit(element.children)
        continue
      }
      shape.arguments.add(element.value)
      if (element.type === TYPE.plural) shape.plurals.set(element.value, Object.keys(element.options))
      if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) visit(option.value)
    }
  }
  visit(parse(message))
  return shape
}

const english = ALL_MESSAGES.en as Record<string, string>
const arabic = ALL_MESSAGES.ar as Record<string, string>

describe('the message catalogue', () => {
  it('has an Arabic message for every English one, and no other', () => {
    expect(Object.keys(english).length).toBeGreaterThan(250)
    expect(Object.keys(arabic).sort()).toEqual(Object.keys(english).sort())
  })

  it('parses as ICU MessageFormat on both sides, with the same arguments formatted the same way', () => {
    for (const [id, text] of Object.entries(english)) {
      const en = shapeOf(text)
      const ar = shapeOf(arabic[id]!)
      expect([...ar.arguments].sort(), id).toEqual([...en.arguments].sort())
      for (const forms of en.plurals.values()) expect(forms, id).toEqual(expect.arrayContaining(['one', 'other']))
      for (const [name, forms] of ar.plurals) expect([...forms].sort(), `${id}: ${name}`).toEqual([...ARABIC_PLURAL_FORMS].sort())
    }
  })

  it('writes the Arabic in Arabic script, Latin letters only in the names of formats and services', () => {
    for (const [id, text] of Object.entries(arabic)) {
      const words = shapeOf(text).literal.replace(LATIN_NAMES, '')
      if (/\p{L}/u.test(words)) expect(ARABIC_SCRIPT.test(words), `${id}: ${text}`).toBe(true)
      expect(words.match(/[A-Za-z]+/g), `${id}: ${text}`).toBeNull()
    }
  })

  it('has the words of every status, kind, role and sort order', () => {
    const ids = [...STATUSES.map((code) => `status.${code}`), ...KINDS.map((code) => `kind.${code}`), ...ROLES.map((code) => `role.${code}`), ...SORT_KEYS.map((code) => `sort.${code}`)]
    for (const id of ids) expect(english[id], id).toBeTypeOf('string')
  })

  it('has every message the map page asks for by name', () => {
    const root = path.resolve(import.meta.dirname, '../../client/src')
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? files(path.join(dir, name)) : name.endsWith('.ts') ? [path.join(dir, name)] : []))
    const asked = new Set<string>()
    for (const file of [...files(root), path.resolve(root, '../index.html')]) {
      const source = readFileSync(file, 'utf8')
      for (const match of source.matchAll(/\bt(?:Nodes)?\('([a-zA-Z][\w.-]*)'/g)) asked.add(match[1]!)
      for (const match of source.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) asked.add(match[1]!)
    }
    expect(asked.size).toBeGreaterThan(200)
    expect([...asked].filter((id) => !(id in english))).toEqual([])
  })
})

describe('the interface language', () => {
  it('is the link’s lang, else the first browser language the interface has, else English', () => {
    expect(chooseLanguage('ar', ['en-GB'])).toBe('ar')
    expect(chooseLanguage('fr', ['fr-FR', 'ar-SY', 'en'])).toBe('ar')
    expect(chooseLanguage(null, ['de'])).toBe('en')
    expect(chooseLanguage('<script>', [])).toBe('en')
  })

  it('writes Arabic dates as Syria does, with the digits Intl’s Arabic uses; English follows the browser’s English', () => {
    const july = new Date(Date.UTC(2017, 6, 9))
    expect(new Intl.DateTimeFormat(localeOf('ar', []), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(july)).toBe('9 تموز 2017')
    expect(localeOf('en', ['ar', 'en-US'])).toBe('en-US')
    expect(localeOf('en', ['de-DE'])).toBe('en-GB')
  })

  it('switches language by a link to the same address with lang set, keeping the rest', () => {
    expect(hrefFor({ pathname: '/', search: '?date=2017-07-09&zone=siege-of-raqqa&lang=en', hash: '' }, 'ar')).toBe('/?date=2017-07-09&zone=siege-of-raqqa&lang=ar')
    expect(hrefFor({ pathname: '/', search: '', hash: '#panel' }, 'en')).toBe('/?lang=en#panel')
  })
})
