import L from 'leaflet'

/**
 * Leaflet-Geoman is a plain script that extends the global `L`; the bundle's Leaflet is a module, so
 * it is made global here, in a module imported before Geoman (imports run in order).
 */
;(globalThis as { L?: typeof L }).L = L
