/** The part of citation-js (@citation-js/core and its format plugins) the Atlas uses; the packages ship no types. */
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: object | object[])
    format(format: 'bibliography', options: { format: 'text'; template: string; lang: string }): string
    format(format: 'bibtex' | 'biblatex', options?: { format: 'text' }): string
    format(format: 'ris', options: { format: 'object' }): Array<Record<string, string | string[]>>
    format(format: 'data', options?: { format: 'object' }): object[]
  }
  export const plugins: {
    config: {
      get(name: '@csl'): { styles: { add(name: string, xml: string): void; has(name: string): boolean } }
      get(name: '@bibtex'): { format: { useIdAsLabel: boolean; asciiOnly: boolean; checkLabel: boolean } }
    }
  }
}
declare module '@citation-js/plugin-bibtex'
declare module '@citation-js/plugin-ris'
declare module '@citation-js/plugin-csl'
