import type { PathOptions } from 'leaflet'
import { svg } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { areaSwatch } from './area-swatch.ts'
import type { CompareChange } from '../zone-compare.ts'

/**
 * How compare mode draws a zone, by what became of it between the two dates. Each has a cue that
 * needs no colour besides its Okabe-Ito colour: added zones are hatched one way, changed zones
 * cross-hatched with a heavy outline, removed zones an empty dashed outline (where they were), and
 * unchanged zones a pale plain fill with a thin line. Where a changed zone's outline moved, its
 * outline at the first date is drawn as a dotted line.
 */

export const COMPARE_COLOURS: Record<CompareChange, string> = {
  added: '#009E73', // bluish green
  removed: '#D55E00', // vermilion
  changed: '#0072B2', // blue
  unchanged: '#7a7a7a',
}

export const COMPARE_LABELS: Record<CompareChange, string> = {
  added: t('compare.added'),
  removed: t('compare.removed'),
  changed: t('compare.changed'),
  unchanged: t('compare.unchanged'),
}

const REMOVED_DASH = '7 5'
const BEFORE_DASH = '2 4'

/** The id of the SVG pattern filling added or changed zones. */
export function comparePatternId(change: 'added' | 'changed'): string {
  return `ta-compare-${change}`
}

export function comparePathStyle(change: CompareChange): PathOptions {
  const color = COMPARE_COLOURS[change]
  switch (change) {
    case 'added':
      return { color, weight: 2.5, opacity: 1, fill: true, fillColor: `url(#${comparePatternId('added')})`, fillOpacity: 1, lineJoin: 'round' }
    case 'changed':
      return { color, weight: 4, opacity: 1, fill: true, fillColor: `url(#${comparePatternId('changed')})`, fillOpacity: 1, lineJoin: 'round' }
    case 'removed':
      return { color, weight: 2.5, opacity: 1, dashArray: REMOVED_DASH, fill: true, fillColor: color, fillOpacity: 0.04, lineJoin: 'round' }
    case 'unchanged':
      return { color, weight: 1, opacity: 0.8, fill: true, fillColor: color, fillOpacity: 0.12, lineJoin: 'round' }
  }
}

/** A changed zone's outline at the first date, where it moved: a thin dotted line, no fill. */
export function beforeOutlineStyle(): PathOptions {
  return { color: '#1a1a1a', weight: 1.5, opacity: 0.9, dashArray: BEFORE_DASH, fill: false, interactive: false }
}

/** The canvas (large collections) takes no url(#pattern): a plain fill, with the same lines and dashes. */
export function canvasComparePathStyle(change: CompareChange): PathOptions {
  const style = comparePathStyle(change)
  if (change === 'added' || change === 'changed') return { ...style, fillColor: COMPARE_COLOURS[change], fillOpacity: change === 'changed' ? 0.35 : 0.25 }
  return style
}

/** Adds the patterns of added (one-way hatch) and changed (cross-hatch) zones to the document once. */
export function ensureComparePatterns(doc: Document = document): void {
  if (doc.getElementById('ta-compare-patterns')) return
  const stripe = (colour: string, x: number) => svg('line', { x1: x, y1: 0, x2: x, y2: 8, stroke: colour, 'stroke-width': 2.5, 'stroke-opacity': 0.85 })
  const added = COMPARE_COLOURS.added
  const changed = COMPARE_COLOURS.changed
  const defs = svg(
    'defs',
    {},
    svg(
      'pattern',
      { id: comparePatternId('added'), width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(-45)' },
      svg('rect', { width: 8, height: 8, fill: added, 'fill-opacity': 0.15 }),
      stripe(added, 0),
    ),
    svg(
      'pattern',
      { id: comparePatternId('changed'), width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 8, height: 8, fill: changed, 'fill-opacity': 0.22 }),
      stripe(changed, 0),
      svg('line', { x1: 0, y1: 0, x2: 8, y2: 0, stroke: changed, 'stroke-width': 2.5, 'stroke-opacity': 0.85 }),
    ),
  )
  doc.body.appendChild(svg('svg', { id: 'ta-compare-patterns', class: 'ta-svg-defs', width: 0, height: 0, 'aria-hidden': 'true', focusable: 'false' }, defs))
}

/** The legend's swatch of a kind of change. */
export function compareSwatch(change: CompareChange | 'before'): SVGSVGElement {
  if (change === 'before') return areaSwatch({ fill: 'none', stroke: '#1a1a1a', 'stroke-width': 1.5, 'stroke-dasharray': '4 8' }) // drawn at the map's 2 4
  const style = comparePathStyle(change)
  return areaSwatch({
    fill: style.fillColor ?? 'none',
    'fill-opacity': style.fillOpacity,
    stroke: style.color,
    'stroke-width': Math.min(style.weight ?? 2, 3),
    'stroke-dasharray': style.dashArray === undefined ? undefined : String(style.dashArray),
  })
}
