/** The starting points a test database can be made from. */
export type Template = 'blank' | 'migrated' | 'seeded'

declare module 'vitest' {
  export interface ProvidedContext {
    /** embedded: file paths of PGlite data-dir dumps; postgres: database names. */
    templates: Record<Exclude<Template, 'blank'>, string>
    /** postgres: the server URL (any database) and a prefix for this run's databases. */
    postgres: { url: string; prefix: string } | null
  }
}
