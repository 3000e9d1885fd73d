/**
 * Text as the XML writer (xmlbuilder2) is to write it. XML 1.0 allows no control characters but
 * tab and line breaks, not even escaped: they become U+FFFD. And xmlbuilder2 leaves an `&` that
 * starts what looks like an entity (`&lt;`) as it is, so that text written `&lt;` would be read back
 * as `<`: every `&` is given to it as `&amp;`, which it writes unchanged.
 */
export const xmlText = (text: string): string => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD').replace(/&/g, '&amp;')
