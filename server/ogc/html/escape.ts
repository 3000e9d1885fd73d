/**
 * HTML that is safe by construction: the `html` tag escapes every interpolated value unless it is
 * itself Html (made by `html` or `raw`). Arrays are joined, null and undefined print nothing.
 *
 *   html`<td>${zone.name}</td>`   // "<td>Siege &lt;Raqqa&gt;</td>" for a name with < and >
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (character) => ENTITIES[character]!)
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(value)
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0]!
  values.forEach((value, index) => {
    text += render(value) + strings[index + 1]!
  })
  return new Html(text)
}

/** Markup the server wrote itself (never text from a request or the database). */
export function raw(text: string): Html {
  return new Html(text)
}

/** Only http(s) URLs become links; anything else (javascript:, data:) is dropped. */
export function safeHref(href: string): string | null {
  return /^https?:\/\//i.test(href) || href.startsWith('/') ? href : null
}
