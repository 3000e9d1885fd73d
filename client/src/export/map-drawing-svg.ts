import type L from 'leaflet'
import { svg } from '../dom.ts'

/**
 * The map's drawing as it is on the screen, copied into one SVG group in the map's container
 * pixels: every pane in the order the page stacks them, and in each pane what Leaflet put there.
 * An SVG renderer's paths (the zones of the usual map) stay vectors, with the styles the page's CSS
 * gives them written as attributes; a canvas (the offline basemap, the governorates, the zones of a
 * large collection, the incidents) becomes an image of the part in view; the symbols of markers are
 * copied as SVG; labels become SVG text in the page's fonts, line by line as the page wrapped them.
 * Online tiles are left out: their images come from another origin and would taint the PNG.
 *
 *   const group = mapDrawingSvg(map)   // <g> of the map element's client width × height
 */
export function mapDrawingSvg(map: L.Map): SVGGElement {
  const container = map.getContainer()
  const origin = container.getBoundingClientRect()
  const view: Box = { left: 0, top: 0, right: container.clientWidth, bottom: container.clientHeight }
  const group = svg('g', { class: 'ta-export-map' })
  const copier = new DrawingCopier(origin, view)
  for (const pane of panesInOrder(map)) {
    for (const child of Array.from(pane.children)) copier.copy(child, group)
  }
  return group
}

/** Panes that hold no part of the map's picture: popups and marker shadows. */
const LEFT_OUT_PANES = new Set(['mapPane', 'popupPane', 'shadowPane', 'tilePane'])

/** The map's panes in the order the page paints them (by z-index, then by their order in the page). */
function panesInOrder(map: L.Map): HTMLElement[] {
  const panes = Object.entries(map.getPanes())
    .filter(([name]) => !LEFT_OUT_PANES.has(name))
    .map(([, pane], index) => ({ pane, index, z: Number.parseFloat(getComputedStyle(pane).zIndex) || 0 }))
  return panes.sort((a, b) => a.z - b.z || a.index - b.index).map(({ pane }) => pane)
}

interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

/** The presentation properties of an SVG shape, copied from its computed style. */
const SHAPE_PROPERTIES = ['fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin', 'opacity'] as const

class DrawingCopier {
  readonly #origin: DOMRect
  readonly #view: Box

  constructor(origin: DOMRect, view: Box) {
    this.#origin = origin
    this.#view = view
  }

  copy(element: Element, into: SVGGElement): void {
    if (!isShown(element)) return
    if (element instanceof HTMLCanvasElement) this.#copyCanvas(element, into)
    else if (element instanceof SVGSVGElement) this.#copySvg(element, into)
    else if (element.classList.contains('leaflet-tooltip')) this.#copyLabel(element as HTMLElement, into)
    else if (element.classList.contains('leaflet-marker-icon')) {
      for (const symbol of Array.from(element.querySelectorAll('svg'))) if (isShown(symbol)) this.#copySvg(symbol, into)
      this.#copyText(element, into)
    }
  }

  /** Where an element is drawn, in the map container's pixels. */
  #boxOf(element: Element): Box & { width: number; height: number } {
    const rect = element.getBoundingClientRect()
    const left = rect.left - this.#origin.left
    const top = rect.top - this.#origin.top
    return { left, top, right: left + rect.width, bottom: top + rect.height, width: rect.width, height: rect.height }
  }

  #inView(box: Box): boolean {
    return box.right > this.#view.left && box.left < this.#view.right && box.bottom > this.#view.top && box.top < this.#view.bottom
  }

  /** The part of a canvas in view, at the canvas' own resolution, as a PNG image. */
  #copyCanvas(canvas: HTMLCanvasElement, into: SVGGElement): void {
    const box = this.#boxOf(canvas)
    if (!this.#inView(box) || canvas.width === 0 || box.width === 0) return
    const left = Math.max(box.left, this.#view.left)
    const top = Math.max(box.top, this.#view.top)
    const right = Math.min(box.right, this.#view.right)
    const bottom = Math.min(box.bottom, this.#view.bottom)
    const ratio = canvas.width / box.width
    const crop = document.createElement('canvas')
    crop.width = Math.max(1, Math.round((right - left) * ratio))
    crop.height = Math.max(1, Math.round((bottom - top) * ratio))
    crop.getContext('2d')?.drawImage(canvas, (left - box.left) * ratio, (top - box.top) * ratio, crop.width, crop.height, 0, 0, crop.width, crop.height)
    const opacity = getComputedStyle(canvas).opacity
    into.appendChild(svg('image', { href: crop.toDataURL('image/png'), x: left, y: top, width: right - left, height: bottom - top, preserveAspectRatio: 'none', opacity: opacity === '1' ? null : opacity }))
  }

  /** An SVG (a renderer's or a symbol's) where it is drawn, its shapes styled as the page styles them. */
  #copySvg(original: SVGSVGElement, into: SVGGElement): void {
    const box = this.#boxOf(original)
    if (!this.#inView(box)) return
    const copy = original.cloneNode(true) as SVGSVGElement
    const originals = [original, ...Array.from(original.querySelectorAll('*'))]
    const copies = [copy, ...Array.from(copy.querySelectorAll('*'))]
    originals.forEach((source, index) => inlineStyle(source, copies[index]!))
    for (const name of ['style', 'transform', 'focusable', 'aria-hidden', 'pointer-events']) copy.removeAttribute(name)
    copy.setAttribute('x', String(box.left))
    copy.setAttribute('y', String(box.top))
    copy.setAttribute('width', String(box.width))
    copy.setAttribute('height', String(box.height))
    copy.setAttribute('overflow', 'visible')
    into.appendChild(copy)
  }

  /** A label: its box (when it has a background) and its text. */
  #copyLabel(label: HTMLElement, into: SVGGElement): void {
    const box = this.#boxOf(label)
    if (!this.#inView(box)) return
    const style = getComputedStyle(label)
    const background = style.backgroundColor
    if (!isTransparent(background)) {
      into.appendChild(
        svg('rect', {
          x: box.left,
          y: box.top,
          width: box.width,
          height: box.height,
          rx: Number.parseFloat(style.borderTopLeftRadius) || 0,
          fill: background,
          stroke: style.boxShadow === 'none' ? null : 'rgba(0, 0, 0, 0.25)',
          'stroke-width': style.boxShadow === 'none' ? null : 1,
        }),
      )
    }
    this.#copyText(label, into)
  }

  /** Each text of an element, line by line where the page wrapped it, in its font and colour. */
  #copyText(element: Element, into: SVGGElement): void {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const parent = node.parentElement
      if (!parent || !node.data.trim() || parent.closest('svg') || !isShown(parent)) continue
      const style = getComputedStyle(parent)
      const clip = this.#boxOf(parent)
      for (const line of linesOf(node)) {
        const box = this.#relative(line.rect)
        // Lines cut off by the element (a name clamped to two lines) are not drawn.
        if (box.bottom > clip.bottom + 1 || box.top < clip.top - 1) continue
        into.appendChild(textElement(transformText(line.text, style.textTransform), box, style))
      }
    }
  }

  #relative(rect: DOMRect): Box {
    const left = rect.left - this.#origin.left
    const top = rect.top - this.#origin.top
    return { left, top, right: left + rect.width, bottom: top + rect.height }
  }
}

function isShown(element: Element): boolean {
  const style = getComputedStyle(element)
  return style.display !== 'none' && style.visibility !== 'hidden' && style.opacity !== '0' && element.getClientRects().length > 0
}

function isTransparent(colour: string): boolean {
  return colour === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(colour)
}

/** Writes the computed presentation of an SVG element as attributes, so the copy looks the same without the page's CSS. */
function inlineStyle(source: Element, copy: Element): void {
  copy.removeAttribute('class')
  copy.removeAttribute('tabindex')
  copy.removeAttribute('role')
  if (!(source instanceof SVGGraphicsElement) || source instanceof SVGSVGElement) {
    const opacity = getComputedStyle(source).opacity
    if (opacity !== '1') copy.setAttribute('opacity', opacity)
    return
  }
  const style = getComputedStyle(source)
  for (const property of SHAPE_PROPERTIES) {
    const value = style.getPropertyValue(property)
    if (value) copy.setAttribute(property, value.replace(/url\("?([^")]*)"?\)/, 'url($1)'))
  }
  // The page's blur (an approximate outline's soft edge) and drop shadow (the selected zone) as SVG filters.
  if (style.filter.includes('blur')) copy.setAttribute('filter', `url(#${EXPORT_BLUR_ID})`)
  else if (style.filter.includes('drop-shadow')) copy.setAttribute('filter', `url(#${EXPORT_SHADOW_ID})`)
}

export const EXPORT_BLUR_ID = 'ta-export-blur'
export const EXPORT_SHADOW_ID = 'ta-export-shadow'

/** The filters the copied shapes refer to. */
export function exportFilters(): SVGElement[] {
  return [
    svg('filter', { id: EXPORT_BLUR_ID, x: '-20%', y: '-20%', width: '140%', height: '140%' }, svg('feGaussianBlur', { stdDeviation: 3 })),
    svg('filter', { id: EXPORT_SHADOW_ID, x: '-20%', y: '-20%', width: '140%', height: '140%' }, svg('feDropShadow', { dx: 0, dy: 0, stdDeviation: 1, 'flood-color': '#000000', 'flood-opacity': 0.9 })),
  ]
}

/** The lines of a text node as laid out: its words grouped by the line box they are on. */
function linesOf(node: Text): { text: string; rect: DOMRect }[] {
  const lines: { top: number; start: number; end: number; left: number; right: number; bottom: number }[] = []
  const range = document.createRange()
  for (const match of node.data.matchAll(/\S+/g)) {
    range.setStart(node, match.index)
    range.setEnd(node, match.index + match[0].length)
    const rect = range.getClientRects()[0]
    if (!rect || rect.width === 0) continue
    const line = lines.find((candidate) => Math.abs(candidate.top - rect.top) < rect.height / 2)
    if (line) {
      line.end = match.index + match[0].length
      line.left = Math.min(line.left, rect.left)
      line.right = Math.max(line.right, rect.right)
      line.bottom = Math.max(line.bottom, rect.bottom)
    } else lines.push({ top: rect.top, bottom: rect.bottom, start: match.index, end: match.index + match[0].length, left: rect.left, right: rect.right })
  }
  return lines.map((line) => ({ text: node.data.slice(line.start, line.end).replace(/\s+/g, ' '), rect: new DOMRect(line.left, line.top, line.right - line.left, line.bottom - line.top) }))
}

function transformText(text: string, transform: string): string {
  if (transform === 'uppercase') return text.toLocaleUpperCase()
  if (transform === 'lowercase') return text.toLocaleLowerCase()
  return text
}

/** An SVG text centred on the line's box, in the element's font, with its halo (text-shadow) as an outline. */
function textElement(text: string, box: Box, style: CSSStyleDeclaration): SVGTextElement {
  const halo = style.textShadow === 'none' ? null : (style.textShadow.match(/rgba?\([^)]*\)|#[0-9a-f]{3,8}/i)?.[0] ?? '#ffffff')
  return svg(
    'text',
    {
      x: (box.left + box.right) / 2,
      y: (box.top + box.bottom) / 2,
      'text-anchor': 'middle',
      'dominant-baseline': 'central',
      direction: style.direction === 'rtl' ? 'rtl' : null,
      'font-family': style.fontFamily,
      'font-size': style.fontSize,
      'font-weight': style.fontWeight,
      'font-style': style.fontStyle === 'normal' ? null : style.fontStyle,
      'letter-spacing': style.letterSpacing === 'normal' ? null : style.letterSpacing,
      fill: style.color,
      stroke: halo,
      'stroke-width': halo ? 3 : null,
      'stroke-linejoin': halo ? 'round' : null,
      'paint-order': halo ? 'stroke' : null,
    },
    text,
  )
}
