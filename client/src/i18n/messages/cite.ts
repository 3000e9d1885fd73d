import { defineMessages } from '../catalogue.ts'

/** The zone card's "Cite": the citation as text, a copy button and the reference-manager downloads. */
export const CITE_MESSAGES = defineMessages({
  en: {
    'cite.title': 'Cite',
    'cite.loading': 'Loading the citation…',
    'cite.failed': 'The citation could not be loaded.',
    'cite.copy': 'Copy citation',
    'cite.copied': 'Copied',
    'cite.copyFailed': 'Copying is not allowed here: select the text instead.',
    'cite.downloads': 'For reference managers:',
    'cite.download': 'Download the citation as {format}',
  },
  ar: {
    'cite.title': 'استشهاد',
    'cite.loading': 'جارٍ تحميل الاستشهاد…',
    'cite.failed': 'تعذّر تحميل الاستشهاد.',
    'cite.copy': 'نسخ الاستشهاد',
    'cite.copied': 'تم النسخ',
    'cite.copyFailed': 'النسخ غير مسموح هنا: حدِّد النص بدلًا من ذلك.',
    'cite.downloads': 'لبرامج إدارة المراجع:',
    'cite.download': 'تنزيل الاستشهاد بصيغة {format}',
  },
})
