import { svg } from '../dom.ts'

export type SwatchPaint = Record<string, string | number | undefined>

/** A legend's small area, painted as the map paints a zone; a dash pattern is halved to the swatch's scale. */
export function areaSwatch({ 'stroke-dasharray': dash, ...paint }: SwatchPaint): SVGSVGElement {
  const halved = dash === undefined ? undefined : String(dash).split(' ').map((n) => Number(n) / 2).join(' ')
  return svg(
    'svg',
    { class: 'ta-swatch', width: 28, height: 18, viewBox: '0 0 28 18', 'aria-hidden': 'true', focusable: 'false' },
    svg('rect', { x: 2, y: 2, width: 24, height: 14, rx: 2, ...paint, 'stroke-dasharray': halved }),
  )
}
