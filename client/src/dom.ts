/**
 * DOM building that cannot inject markup: text always goes in through textContent, attributes
 * through setAttribute, and links only for http(s) URLs. Every module renders through these helpers;
 * none uses innerHTML.
 */

type Child = Node | string | null | undefined | false
export type Attributes = Record<string, string | number | boolean | null | undefined>

/** `el('p', {class: 'note'}, 'text', child)`; false/null/undefined attributes and children are left out. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  setAttributes(element, attributes)
  append(element, ...children)
  return element
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** An SVG element, for legend swatches and map symbols. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag)
  setAttributes(element, attributes)
  append(element, ...children)
  return element
}

export function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'style') throw new Error('dom.ts: style attributes are refused by the Content-Security-Policy; use a class or element.style')
    if (value === false || value === null || value === undefined) continue
    element.setAttribute(name, value === true ? '' : String(value))
  }
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child)
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, ...children)
}

/** The URL if it is an absolute http(s) URL, else null: javascript:, data: and relative URLs never become links. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/** A link opening in a new tab when the URL is http(s); otherwise the text alone. */
export function externalLink(text: string, url: string | null | undefined): HTMLElement {
  const href = safeHttpUrl(url)
  if (!href) return el('span', {}, text)
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text)
}

/** Escapes text for the few Leaflet APIs that only take HTML strings (the attribution control). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

let idCounter = 0
/** A document-unique id for label/for and aria-controls pairs. */
export function uniqueId(prefix: string): string {
  idCounter += 1
  return `${prefix}-${idCounter}`
}
