import { LOCALE, t } from '../i18n/index.ts'

const AREA = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 })
const SMALL_AREA = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 })

/** An area in km² as the page writes it: "3,950 km²"; under 10 km² with one decimal, "0.4 km²". */
export function formatArea(km2: number): string {
  return t('area.km2', { area: (Math.abs(km2) < 10 ? SMALL_AREA : AREA).format(km2) })
}
