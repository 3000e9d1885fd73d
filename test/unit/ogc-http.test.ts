import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { Problem } from '../../server/http/problem.ts'
import { parseDatetime } from '../../server/ogc/datetime.ts'
import { chooseFormat } from '../../server/ogc/format.ts'
import { escapeHtml, html, raw, safeHref } from '../../server/ogc/html/escape.ts'
import { effectiveLimit } from '../../server/ogc/paging.ts'
import { parseCalendarDate, parseDateTime, parseInstant } from '../../server/ogc/rfc3339.ts'

describe('RFC 3339 readers', () => {
  it('read calendar dates, refusing impossible ones', () => {
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29')
    for (const text of ['2023-02-29', '1900-02-29', '2017-13-01', '2017-04-31', '0000-01-01', '17-07-09', '2017-7-9', '2017-07-09T00:00:00Z']) {
      expect(parseCalendarDate(text), text).toBeNull()
    }
    expect(parseCalendarDate('2000-02-29')).toBe('2000-02-29')
  })

  it('read date-times into UTC, with any offset', () => {
    expect(parseDateTime('2017-07-09T23:30:00-05:00')).toEqual({ date: '2017-07-10', utc: '2017-07-10T04:30:00.000Z' })
    expect(parseDateTime('2017-07-09t10:00:00.123456z')).toEqual({ date: '2017-07-09', utc: '2017-07-09T10:00:00.123Z' })
    // an unencoded + in a URL arrives as a space
    expect(parseDateTime('2017-07-09T01:00:00 02:00')).toEqual({ date: '2017-07-08', utc: '2017-07-08T23:00:00.000Z' })
    for (const text of ['2017-07-09T24:00:00Z', '2017-07-09T10:60:00Z', '2017-07-09T10:00:00', '2017-07-09 10:00:00Z', '2017-07-09T10:00Z', '0001-01-01T00:00:00+01:00']) {
      expect(parseDateTime(text), text).toBeNull()
    }
    expect(parseDateTime('0099-01-01T00:00:00Z')).toEqual({ date: '0099-01-01', utc: '0099-01-01T00:00:00.000Z' })
    expect(parseInstant('2017-07-09')).toEqual({ date: '2017-07-09', utc: '2017-07-09T00:00:00.000Z' })
  })
})

describe('the datetime parameter', () => {
  it('reads instants and intervals as UTC dates, with open ends', () => {
    expect(parseDatetime('2017-07-09')).toEqual({ from: '2017-07-09', to: '2017-07-09' })
    expect(parseDatetime('2017-07-09T23:30:00-05:00')).toEqual({ from: '2017-07-10', to: '2017-07-10' })
    expect(parseDatetime('2017-01-01/2017-12-31T12:00:00Z')).toEqual({ from: '2017-01-01', to: '2017-12-31' })
    expect(parseDatetime('../2017-12-31')).toEqual({ from: null, to: '2017-12-31' })
    expect(parseDatetime('2017-01-01/')).toEqual({ from: '2017-01-01', to: null })
    expect(parseDatetime('../..')).toEqual({ from: null, to: null })
  })

  it('refuses anything else with a 400 at query.datetime', () => {
    for (const text of ['', '..', 'now', '2017', '2017-01-01/2017-01-02/2017-01-03', '2018-01-01/2017-01-01', '2017-01-01T10:00:00Z/2017-01-01T09:00:00Z']) {
      let thrown: unknown
      try {
        parseDatetime(text)
      } catch (error) {
        thrown = error
      }
      expect(thrown, text).toBeInstanceOf(Problem)
      expect((thrown as Problem).status).toBe(400)
      expect((thrown as Problem).errors[0]!.where).toBe('query.datetime')
    }
  })
})

describe('content negotiation', () => {
  const request = (query: Record<string, string>, accept?: string) => ({ query, headers: accept === undefined ? {} : { accept } }) as unknown as FastifyRequest

  it('follows f first, then prefers HTML only when the client ranks it above JSON', () => {
    expect(chooseFormat(request({ f: 'html' }, 'application/json'))).toBe('html')
    expect(chooseFormat(request({ f: 'json' }, 'text/html'))).toBe('json')
    expect(chooseFormat(request({}))).toBe('json')
    expect(chooseFormat(request({}, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'))).toBe('html')
    expect(chooseFormat(request({}, '*/*'))).toBe('json')
    expect(chooseFormat(request({}, 'text/*'))).toBe('json')
    expect(chooseFormat(request({}, 'application/geo+json, application/json'))).toBe('json')
    expect(chooseFormat(request({}, 'text/html;q=0.4, application/*;q=0.5'))).toBe('json')
    expect(chooseFormat(request({}, 'text/html, application/json;q=0.9'))).toBe('html')
    expect(chooseFormat(request({}, 'text/html;q=0'))).toBe('json')
    expect(chooseFormat(request({}, 'text/html;q=abc'))).toBe('json')
  })
})

describe('HTML escaping', () => {
  it('escapes every interpolated value, leaves Html alone and drops null', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
    const name = '<script>alert(1)</script>'
    expect(html`<td title="${name}">${name}</td>`.text).toBe('<td title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</td>')
    expect(html`<ul>${['<a>', html`<li>${'&'}</li>`, null, undefined, false]}</ul>`.text).toBe('<ul>&lt;a&gt;<li>&amp;</li></ul>')
    expect(html`${raw('<br>')}${0}`.text).toBe('<br>0')
  })

  it('keeps only http(s) and same-site links', () => {
    expect(safeHref('https://example.org/x')).toBe('https://example.org/x')
    expect(safeHref('/ogc')).toBe('/ogc')
    expect(safeHref('javascript:alert(1)')).toBeNull()
    expect(safeHref('data:text/html,<script>')).toBeNull()
  })
})

describe('the page size', () => {
  it('serves a limit above 10000 as 10000', () => {
    expect(effectiveLimit(1)).toBe(1)
    expect(effectiveLimit(10_000)).toBe(10_000)
    expect(effectiveLimit(10_001)).toBe(10_000)
    expect(effectiveLimit(1e20)).toBe(10_000)
  })
})
