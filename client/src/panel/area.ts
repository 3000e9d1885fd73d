const AREA = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const SMALL_AREA = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })

/** An area in km² as the page writes it: "3,950 km²"; under 10 km² with one decimal, "0.4 km²". */
export function formatArea(km2: number): string {
  return `${(Math.abs(km2) < 10 ? SMALL_AREA : AREA).format(km2)} km²`
}
