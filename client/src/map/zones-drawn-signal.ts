import { markTestHook, setTestHook } from '../test-hooks.ts'

/** The performance mark set once the zones of the first view are on screen (see signalZonesDrawn). */
export const ZONES_DRAWN_MARK = 'zones-drawn'

/** A page in a background tab gets no frames: the caller goes on after this long all the same. */
const NO_FRAME_TIMEOUT_MS = 500

/**
 * Says when the zones of the first view have been painted: resolves then, so the page can leave
 * the work that can wait until the zones are on screen. With the test hooks on, also a performance
 * mark (its startTime is the milliseconds since navigation began) and `data-zones-drawn` on the
 * map's element, the count, which the browser benchmark (test/bench/browser-map.ts) and tests wait for.
 *
 * Call it right after the zones are added and the view is set: Leaflet draws a canvas in the next
 * animation frame, and a frame callback requested now runs after its; the mark comes after the paint
 * that follows.
 */
export function signalZonesDrawn(container: HTMLElement, count: number): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      setTimeout(() => {
        markTestHook(ZONES_DRAWN_MARK, { zones: count })
        setTestHook(container, 'zones-drawn', String(count))
        resolve()
      }, 0)
    })
    setTimeout(resolve, NO_FRAME_TIMEOUT_MS)
  })
}
