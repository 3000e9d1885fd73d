import type L from 'leaflet'
import type { LegendEntry } from '../controls/legend-control.ts'
import { formatDate, todayIso } from '../dates.ts'
import { svg } from '../dom.ts'
import { DIRECTION, t } from '../i18n/index.ts'
import { exportFilters, mapDrawingSvg } from './map-drawing-svg.ts'
import { scaleBar } from './scale-bar.ts'

/** What an exported image says beside the map, read when the image is made. */
export interface MapImageDescription {
  /** The date the map shows (YYYY-MM-DD), or null for the latest state. */
  date: string | null
  /** The data version the zones were read at (the API's data_version), if known. */
  dataVersion: number | null
  /** When the zones were retrieved (the API's retrieved_at), if known; else today. */
  retrievedAt: string | null
  /** The link that shows this view again. */
  permalink: string
  /** The image's title. Default: t('export.title'). */
  title?: string
}

export interface MapImageParts {
  map: L.Map
  /** The legend's rows (LegendControl#drawnEntries). */
  legend: readonly LegendEntry[]
  description: MapImageDescription
}

const PAD = 10
const BOX_PAD = 8
const SURFACE = 'rgba(255, 255, 255, 0.92)'
const TEXT = '#1a1a1a'
const MUTED = '#4d4d4d'
const BORDER = '#c9c4b8'

/**
 * The map as shown, as one SVG document of the map's size in its pixels: the drawing (zones,
 * basemap, labels: map-drawing-svg.ts) under a title with the date, the legend, a scale bar, the
 * basemap's attribution and a credit line that cites the data ("Truce Atlas, data version N,
 * retrieved <date>, <permalink>"). Text is in the page's own fonts (system fonts; nothing fetched).
 * The SVG export is this document; the PNG is it drawn on a canvas (mapImagePng).
 */
export function mapImageSvg({ map, legend, description }: MapImageParts): SVGSVGElement {
  const { width, height } = viewSize(map)
  const font = getComputedStyle(map.getContainer()).fontFamily || 'sans-serif'
  const root = svg('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': font,
    direction: DIRECTION === 'rtl' ? 'rtl' : null,
  })
  root.appendChild(svg('title', {}, titleOf(description)))
  const defs = svg('defs', {}, ...exportFilters())
  // The hatching of suspended zones and compare mode's patterns: the page keeps them in hidden SVGs.
  for (const shared of Array.from(document.querySelectorAll('svg.ta-svg-defs defs > *'))) defs.appendChild(shared.cloneNode(true))
  root.appendChild(defs)
  root.appendChild(svg('rect', { width, height, fill: getComputedStyle(map.getContainer()).backgroundColor || '#cfe0ea' }))
  root.appendChild(mapDrawingSvg(map))

  const text = new TextMeasure(font)
  const footer = footerBlock(map, description, text, width, height)
  root.appendChild(footer.element)
  root.appendChild(titleBlock(description, text, width))
  if (legend.length > 0) root.appendChild(legendBlock(legend, text, width))
  root.appendChild(scaleBlock(map, text, width, height - footer.height))
  return root
}

/**
 * The size of the view as the page shows it: the map's element. (Leaflet's getSize() keeps the size
 * it last measured, which is behind when the page's layout moved without a window resize.)
 */
export function viewSize(map: L.Map): { width: number; height: number } {
  const container = map.getContainer()
  return { width: container.clientWidth, height: container.clientHeight }
}

/** The SVG document as a file's text. */
export function serializeSvg(image: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(image)}\n`
}

/**
 * The SVG drawn on a canvas `scale` times its size, as a PNG: width × height of the view times the
 * scale, pixel for pixel. The vectors are drawn at that size; the map's canvases are images at the
 * page's resolution, scaled.
 */
export async function mapImagePng(image: SVGSVGElement, scale: number): Promise<Blob> {
  const width = Math.round(Number(image.getAttribute('width')) * scale)
  const height = Math.round(Number(image.getAttribute('height')) * scale)
  const sized = image.cloneNode(true) as SVGSVGElement
  sized.setAttribute('width', String(width))
  sized.setAttribute('height', String(height))
  const url = URL.createObjectURL(new Blob([serializeSvg(sized)], { type: 'image/svg+xml' }))
  try {
    const picture = new Image(width, height)
    picture.src = url
    await picture.decode()
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const context = canvas.getContext('2d')
    if (!context) throw new Error('the browser gave no 2D canvas')
    context.drawImage(picture, 0, 0, width, height)
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas made no PNG'))), 'image/png'))
  } finally {
    URL.revokeObjectURL(url)
  }
}

function titleOf(description: MapImageDescription): string {
  return description.title ?? t('export.title')
}

function dateLine(description: MapImageDescription): string {
  return description.date ? t('export.date', { date: formatDate(description.date) }) : t('export.date.latest', { date: formatDate(todayIso()) })
}

/** Widths of text in the page's fonts, from a canvas, to size the boxes around it. */
class TextMeasure {
  readonly #context = document.createElement('canvas').getContext('2d')
  readonly #font: string

  constructor(font: string) {
    this.#font = font
  }

  width(text: string, size: number, weight = 400): number {
    if (!this.#context) return text.length * size * 0.6
    this.#context.font = `${weight} ${size}px ${this.#font}`
    return this.#context.measureText(text).width
  }
}

/** x of a box `boxWidth` wide against the start (left, or right in a right-to-left page) or the end of the image. */
function edgeX(side: 'start' | 'end', boxWidth: number, width: number): number {
  const atLeft = (side === 'start') === (DIRECTION === 'ltr')
  return atLeft ? PAD : width - PAD - boxWidth
}

/** A text's x in a box, at its start, and the anchor that goes with it. */
function textStart(boxX: number, boxWidth: number): { x: number; 'text-anchor': 'start' } {
  return { x: DIRECTION === 'rtl' ? boxX + boxWidth - BOX_PAD : boxX + BOX_PAD, 'text-anchor': 'start' }
}

function box(x: number, y: number, width: number, height: number): SVGRectElement {
  return svg('rect', { x, y, width, height, rx: 4, fill: SURFACE, stroke: BORDER, 'stroke-width': 1 })
}

function titleBlock(description: MapImageDescription, text: TextMeasure, width: number): SVGGElement {
  const title = titleOf(description)
  const date = dateLine(description)
  const boxWidth = Math.min(width - 2 * PAD, Math.max(text.width(title, 16, 700), text.width(date, 13)) + 2 * BOX_PAD)
  const x = edgeX('start', boxWidth, width)
  const at = textStart(x, boxWidth)
  return svg(
    'g',
    { class: 'ta-export-title' },
    box(x, PAD, boxWidth, 52),
    svg('text', { ...at, y: PAD + 22, 'font-size': 16, 'font-weight': 700, fill: TEXT }, title),
    svg('text', { ...at, y: PAD + 42, 'font-size': 13, fill: MUTED }, date),
  )
}

const ROW = 22

/** The statuses drawn, each with its swatch as the map's legend draws it, and how many zones have it. */
function legendBlock(entries: readonly LegendEntry[], text: TextMeasure, width: number): SVGGElement {
  const heading = t('export.legend')
  const labelWidth = Math.max(text.width(heading, 12, 700), ...entries.map((entry) => 34 + text.width(`${entry.label} ${entry.count}`, 12) + 8))
  const boxWidth = labelWidth + 2 * BOX_PAD
  const boxHeight = 28 + entries.length * ROW + 4
  const x = edgeX('end', boxWidth, width)
  const y = PAD
  const rtl = DIRECTION === 'rtl'
  const group = svg('g', { class: 'ta-export-legend', 'data-x': x, 'data-y': y, 'data-width': boxWidth, 'data-height': boxHeight }, box(x, y, boxWidth, boxHeight))
  group.appendChild(svg('text', { ...textStart(x, boxWidth), y: y + 18, 'font-size': 12, 'font-weight': 700, fill: MUTED }, heading))
  entries.forEach((entry, index) => {
    const rowY = y + 26 + index * ROW
    const swatch = entry.swatch()
    swatch.removeAttribute('class')
    swatch.removeAttribute('aria-hidden')
    swatch.removeAttribute('focusable')
    swatch.setAttribute('x', String(rtl ? x + boxWidth - BOX_PAD - 28 : x + BOX_PAD))
    swatch.setAttribute('y', String(rowY))
    group.appendChild(swatch)
    const labelX = rtl ? x + boxWidth - BOX_PAD - 34 : x + BOX_PAD + 34
    group.appendChild(svg('text', { x: labelX, y: rowY + 13, 'text-anchor': 'start', 'font-size': 12, fill: TEXT }, `${entry.label} `, svg('tspan', { fill: MUTED }, String(entry.count))))
  })
  return group
}

/** A metric scale bar above the footer, at the image's start. */
function scaleBlock(map: L.Map, text: TextMeasure, width: number, bottom: number): SVGGElement {
  const bar = scaleBar(map, 100)
  const label = bar.metres >= 1000 ? t('export.scale.km', { distance: bar.metres / 1000 }) : t('export.scale.m', { distance: bar.metres })
  const boxWidth = Math.max(bar.width, text.width(label, 11)) + 2 * BOX_PAD
  const x = edgeX('start', boxWidth, width)
  const y = bottom - PAD - 30
  const barX = DIRECTION === 'rtl' ? x + boxWidth - BOX_PAD - bar.width : x + BOX_PAD
  return svg(
    'g',
    { class: 'ta-export-scale', 'data-metres': bar.metres },
    box(x, y, boxWidth, 30),
    svg('text', { ...textStart(x, boxWidth), y: y + 13, 'font-size': 11, fill: TEXT }, label),
    svg('path', { d: `M${barX} ${y + 18} V${y + 24} H${barX + bar.width} V${y + 18}`, fill: 'none', stroke: TEXT, 'stroke-width': 1.5 }),
  )
}

/** The credit line and the attribution, across the foot of the image, made smaller until they fit. */
function footerBlock(map: L.Map, description: MapImageDescription, text: TextMeasure, width: number, height: number): { element: SVGGElement; height: number } {
  const retrieved = formatDate((description.retrievedAt ?? todayIso()).slice(0, 10))
  const credit =
    description.dataVersion === null
      ? t('export.credit.unversioned', { retrieved, permalink: description.permalink })
      : t('export.credit', { version: description.dataVersion, retrieved, permalink: description.permalink })
  const attribution = attributionOf(map)
  const room = width - 2 * BOX_PAD
  const fit = (line: string, size: number) => Math.max(6, Math.min(size, (size * room) / Math.max(1, text.width(line, size))))
  const creditSize = fit(credit, 11)
  const attributionSize = fit(attribution, 10)
  const footerHeight = Math.ceil(creditSize + attributionSize + 14)
  const at = textStart(0, width)
  return {
    height: footerHeight,
    element: svg(
      'g',
      { class: 'ta-export-footer' },
      svg('rect', { x: 0, y: height - footerHeight, width, height: footerHeight, fill: SURFACE }),
      svg('text', { ...at, y: height - footerHeight + 4 + creditSize, 'font-size': creditSize, fill: TEXT, class: 'ta-export-credit' }, credit),
      svg('text', { ...at, y: height - 5, 'font-size': attributionSize, fill: MUTED, class: 'ta-export-attribution' }, attribution),
    ),
  }
}

/** The sources of what the map draws (each layer's attribution, as the map's attribution control lists them), as plain text. */
function attributionOf(map: L.Map): string {
  const sources = new Set<string>(['Leaflet'])
  map.eachLayer((layer) => {
    const html = layer.getAttribution?.()
    if (!html) return
    const text = new DOMParser().parseFromString(html, 'text/html').body.textContent?.trim()
    if (text) sources.add(text)
  })
  return [...sources].join(' | ')
}
