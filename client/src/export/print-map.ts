import type L from 'leaflet'

/**
 * Keeps the map whole when the page is printed: the print layout (print.css) gives the map another
 * size, which Leaflet does not notice by itself; it is told, keeping the centre, as printing starts
 * and ends (a print preview and Playwright's emulated print media change the media query alone).
 */
export function fitMapWhenPrinting(map: L.Map): () => void {
  const fit = () => {
    const centre = map.getCenter()
    map.invalidateSize({ pan: false, animate: false })
    map.setView(centre, map.getZoom(), { animate: false })
  }
  const media = window.matchMedia('print')
  media.addEventListener('change', fit)
  window.addEventListener('beforeprint', fit)
  window.addEventListener('afterprint', fit)
  return () => {
    media.removeEventListener('change', fit)
    window.removeEventListener('beforeprint', fit)
    window.removeEventListener('afterprint', fit)
  }
}
