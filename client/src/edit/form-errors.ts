import { ApiError } from '../api.ts'
import type { ProblemLocation } from '../api-types.ts'
import { el, replaceChildren } from '../dom.ts'
import { fieldOf, fieldPathOf } from './problem-paths.ts'

/**
 * Shows what the server refused in a form: each problem beside its field (found by the field name in
 * the problem's `where`: the whole path to a field inside an object, `boundary.reason`, before the
 * top-level name, `boundary`), the rest in the summary at the top, which is an alert read out at
 * once. Every message is text.
 */
export class FormErrors {
  readonly summary: HTMLElement
  readonly #form: HTMLElement
  /** Problems about one field shown beside another (e.g. geometry beside the shape controls). */
  readonly #aliases: Record<string, string>

  constructor(form: HTMLElement, aliases: Record<string, string> = {}) {
    this.#form = form
    this.#aliases = aliases
    this.summary = el('div', { class: 'ta-form-summary', role: 'alert', hidden: true })
    // A field's error goes once the field is changed.
    form.addEventListener('input', (event) => {
      const target = event.target as HTMLElement | null
      const name = target?.getAttribute('name')
      if (!target || !name || target.getAttribute('aria-invalid') !== 'true') return
      target.removeAttribute('aria-invalid')
      const line = this.#line(name)
      if (line) line.textContent = ''
    })
  }

  clear(): void {
    this.summary.hidden = true
    this.summary.replaceChildren()
    for (const line of Array.from(this.#form.querySelectorAll<HTMLElement>('[data-error-for]'))) line.textContent = ''
    for (const control of Array.from(this.#form.querySelectorAll('[aria-invalid]'))) control.removeAttribute('aria-invalid')
  }

  /** A message of the form's own (a required field left empty). */
  fieldError(name: string, message: string): void {
    const line = this.#line(name)
    if (line) {
      line.textContent = message
      this.#control(name)?.setAttribute('aria-invalid', 'true')
    } else this.#summarise(message, [])
  }

  /** Shows an error from the API (or any other). Returns the problems it placed beside fields. */
  show(error: unknown, lead?: string): ProblemLocation[] {
    this.clear()
    const problem = error instanceof ApiError ? error.problem : null
    const placed: ProblemLocation[] = []
    const rest: string[] = []
    for (const location of problem?.errors ?? []) {
      const name = this.#fieldNamed(location.where)
      const line = name ? this.#line(name) : null
      if (line) {
        line.textContent = line.textContent ? `${line.textContent} ${location.message}` : capitalise(location.message)
        this.#control(name!)?.setAttribute('aria-invalid', 'true')
        placed.push(location)
      } else rest.push(`${location.where}: ${location.message}`)
    }
    const message = needsSignIn(error)
      ? 'Your sign-in has ended: sign in again below (what you entered is kept), then save again.'
      : problem
        ? problem.detail
        : error instanceof Error
          ? error.message
          : String(error)
    this.#summarise(lead ? `${lead} ${message}` : message, rest)
    const first = this.#form.querySelector<HTMLElement>('[aria-invalid="true"]')
    first?.focus()
    return placed
  }

  /** The form's field for a problem's path: the deepest one the form has a line for. */
  #fieldNamed(where: string): string | null {
    const candidates = [fieldPathOf(where), fieldOf(where)].filter((name): name is string => name !== null).map((name) => this.#aliases[name] ?? name)
    return candidates.find((name) => this.#line(name) !== null) ?? candidates.at(-1) ?? null
  }

  #summarise(message: string, details: string[]): void {
    replaceChildren(this.summary, el('p', {}, message), details.length ? el('ul', {}, ...details.map((detail) => el('li', {}, detail))) : null)
    this.summary.hidden = false
  }

  #line(name: string): HTMLElement | null {
    return this.#form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(name)}"]`)
  }

  #control(name: string): HTMLElement | null {
    return this.#form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`)
  }
}

/** True for a refusal that only a new sign-in cures (an expired session, a lost CSRF token). */
export function needsSignIn(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || (error.status === 403 && /csrf/i.test(error.problem?.detail ?? '')))
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
