/**
 * What the browser tests and the benchmark read of the page and nothing else does: attributes that
 * say when the page is ready and what it shows or how it draws, and a performance mark. They are
 * written only when the page is started with the one switch on:
 *
 *   window.TRUCE_ATLAS_TEST_HOOKS = true   // before the page's scripts run
 *
 * test/browser/helpers/browser.ts and test/bench/map-page-measures.ts set it with Playwright's
 * addInitScript. It is read once, as the page loads; off (for every reader), the page writes none
 * of them.
 */

declare global {
  interface Window {
    TRUCE_ATLAS_TEST_HOOKS?: boolean
  }
}

/** Every hook, by the attribute it writes (`data-<hook>`), on the element named. */
export type TestHook =
  /** body: "true" once the page has started (the time slider and the sign-in are in place). */
  | 'ready'
  /** body: "true" while a signed-in editor's tools are loaded. */
  | 'editing'
  /** #map: the view as drawn, zoom/lat/lng, as the permalink writes it. */
  | 'view'
  /** #map: the date whose zones are drawn, or "latest". */
  | 'date'
  /** #map: compare mode's dates once drawn, "from/to" (absent when not comparing). */
  | 'compare'
  /** #map: the last live change applied, "<zone id>:<version>" ("gone" once archived). */
  | 'live-version'
  /** #map: how many zones the first view drew, once painted (with the ZONES_DRAWN_MARK). */
  | 'zones-drawn'
  /** #map: how the zones are drawn, "svg" or "canvas". */
  | 'zones-renderer'
  /** #map: the offline basemap and the governorates, "ready" or "failed". */
  | 'basemap'
  | 'governorates'
  /** #map: the incidents drawn, "<first day>/<last day>:<count>" ("failed" if they could not be read; absent while off). */
  | 'incidents'

export const TEST_HOOKS_ON: boolean = typeof window !== 'undefined' && window.TRUCE_ATLAS_TEST_HOOKS === true

/** Writes a hook (null removes it), if the switch is on. */
export function setTestHook(element: Element, hook: TestHook, value: string | null): void {
  if (!TEST_HOOKS_ON) return
  if (value === null) element.removeAttribute(`data-${hook}`)
  else element.setAttribute(`data-${hook}`, value)
}

/** Sets a performance mark for the benchmark, if the switch is on. */
export function markTestHook(name: string, detail: unknown): void {
  if (TEST_HOOKS_ON) performance.mark(name, { detail })
}
