import type { Kind } from '../domain/kinds.ts'
import { GEOMETRY_FAMILIES, type GeometryFamily } from '../domain/geometry-families.ts'
import type { Status } from '../domain/statuses.ts'
import { badRequest } from '../http/problem.ts'
import type { ZoneFeatures } from '../services/zone-features.ts'
import { featureWindow } from '../services/feature-windows.ts'
import { versionedEtag, zoneEtag } from '../http/zone-etag.ts'
import type { AgreementsRepository } from '../storage/repositories/agreements-repository.ts'
import type { IncidentFilter, IncidentsRepository } from '../storage/repositories/incidents-repository.ts'
import { INCIDENT_PROPERTIES } from '../storage/sql/incident-sql.ts'
import type { CollectionSummary, FeatureFilter, FeatureShape } from '../storage/repositories/zone-features-repository.ts'
import { AGREEMENT_PROPERTIES } from '../storage/sql/agreement-sql.ts'
import { ZONE_PROPERTIES } from '../storage/sql/zone-sql.ts'
import type { OgcCollection } from './collections.ts'
import type { Language } from '../domain/languages.ts'
import type { DateRange } from './datetime.ts'
import { compileFilter } from './filter.ts'
import { CRS84, type OgcCrs } from './crs.ts'
import { AGREEMENT_QUERYABLE_DEFINITIONS, INCIDENT_QUERYABLE_DEFINITIONS, queryablesSchema, queryablesOf, type QueryablesDocument } from './queryables.ts'

/** How coordinates are written in a CRS (CRS84, as stored, without one): its decimals, and the transform. */
function coordinatesIn(crs: OgcCrs = CRS84): Pick<FeatureShape, 'precision' | 'projection'> {
  return { precision: crs.precision, projection: crs.projection }
}

/**
 * The properties of an OGC feature: every public one but `links` and `version`, which a desktop GIS
 * would show as attribute columns; the links are the response's own, the version is in the ETag.
 */
function ogcProperties<Property extends string>(properties: readonly Property[]): Property[] {
  return properties.filter((name) => name !== 'links' && name !== 'version')
}

const OGC_ZONE_PROPERTIES = ogcProperties(ZONE_PROPERTIES)
const OGC_AGREEMENT_PROPERTIES = ogcProperties(AGREEMENT_PROPERTIES)
const OGC_INCIDENT_PROPERTIES = ogcProperties(INCIDENT_PROPERTIES)

/**
 * How OGC API - Features writes a zone: its public properties (see ogcProperties); no geometry for
 * the HTML pages; in a collection of one geometry family, each geometry as its multi type, so that
 * every feature has the one type a desktop GIS layer takes.
 */
export function ogcShape(baseUrl: string, geometry = true, language?: Language, crs?: OgcCrs, geometryFamily?: GeometryFamily): FeatureShape {
  return { properties: OGC_ZONE_PROPERTIES, geometry, ...coordinatesIn(crs), baseUrl, language, multi: geometryFamily !== undefined }
}

/** The zones of a collection: of its kind or its geometry family, or every zone. */
export function collectionFilter({ kind, geometryFamily }: { kind?: Kind | undefined; geometryFamily?: GeometryFamily | undefined }): FeatureFilter {
  return { ...(kind ? { kind: [kind] } : {}), ...(geometryFamily ? { geometryFamily } : {}) }
}

/** The zone features as the /ogc write routes read them back (see server/services/zone-features.ts). */
export function ogcFeatures(zoneFeatures: ZoneFeatures) {
  return {
    collectionSummaries: () => zoneFeatures.collectionSummaries(),

    /**
     * One feature (JSON text) by zone id, within a kind, or a collection's kind and geometry family, when given
     * (as recorded at `recordedAsOf`, when given); null when there is none.
     */
    async getFeature(id: number, within: Kind | OgcCollection | undefined, page: OgcPage & { recordedAsOf?: string | undefined }): Promise<{ featureJson: string; version: number } | null> {
      const collection = typeof within === 'string' ? { kind: within } : (within ?? {})
      const shape = ogcShape(page.baseUrl, page.geometry, page.language, page.crs, 'geometryFamily' in collection ? collection.geometryFamily : undefined)
      const found = await zoneFeatures.readOne(id, { ...collectionFilter(collection), recordedAsOf: page.recordedAsOf }, shape)
      return found ? { featureJson: found.json, version: found.version } : null
    },
  }
}

export type OgcFeatures = ReturnType<typeof ogcFeatures>

/** How a page of features is written: its links' root, with or without shapes, the language of the names (zones only) and the CRS of the coordinates. */
export interface OgcPage {
  baseUrl: string
  geometry?: boolean | undefined
  language?: Language | undefined
  crs?: OgcCrs | undefined
}

/** The filters of /items, as the request gives them (checked by the schema). */
export interface OgcItemsRequest {
  bbox?: readonly number[] | undefined
  during?: DateRange | undefined
  status?: readonly Status[] | undefined
  sponsor?: readonly string[] | undefined
  /** CQL2 text, on the collection's queryables. */
  filter?: string | undefined
  /** The record as it stood at this instant (RFC 3339), before later corrections. */
  recordedAsOf?: string | undefined
}

/** What a collection's features are read through, whichever they are: the /ogc read routes know nothing else of them. */
export interface OgcSource {
  dataVersion(): Promise<number>
  /** The summaries (count, extent, dates) of this source's collections, by collection id. */
  summaries(): Promise<Map<string, CollectionSummary>>
  /** The reads of one window of a collection's items (see featureCollection in server/http/feature-response.ts). */
  items(collection: OgcCollection, request: OgcItemsRequest, page: OgcPage & { geometry: boolean }, window: { limit: number; offset: number }): ReturnType<typeof featureWindow>
  getFeature(id: number, collection: OgcCollection, page: OgcPage & { recordedAsOf?: string | undefined }): Promise<{ featureJson: string; version: number } | null>
  /** The ETag of a feature's GeoJSON, which writes take in If-Match. */
  etag(id: number, version: number): string
  queryables(id: string, collection: OgcCollection): QueryablesDocument
  /** The columns of the HTML items table: a heading and the property it shows. */
  columns: ReadonlyArray<readonly [heading: string, property: string]>
}

/**
 * `datetime` as a filter of zones: those valid at the instant or during the interval. At an instant,
 * each is also read as it stood then (its status and the boundary version in force), as `as_of` reads.
 */
function instantOrInterval(during: DateRange): Pick<FeatureFilter, 'during' | 'asOf'> {
  return during.from !== null && during.from === during.to ? { during, asOf: during.from } : { during }
}

/** The zones, of every kind or of one, as OGC collections read them. */
export function zoneSource(zoneFeatures: ZoneFeatures): OgcSource {
  const zones = ogcFeatures(zoneFeatures)
  return {
    dataVersion: () => zoneFeatures.dataVersion(),
    async summaries() {
      const byKey = await zones.collectionSummaries()
      const idOf = (key: string) => (key === '' ? 'zones' : (GEOMETRY_FAMILIES as readonly string[]).includes(key) ? `zones-${key}` : key)
      return new Map([...byKey].map(([key, summary]) => [idOf(key), summary]))
    },
    items(collection, request, page, window) {
      const filter: FeatureFilter = {
        ...collectionFilter(collection),
        ...(request.status ? { status: request.status } : {}),
        ...(request.sponsor ? { sponsor: request.sponsor } : {}),
        ...(request.bbox ? { bbox: request.bbox } : {}),
        ...(request.during ? instantOrInterval(request.during) : {}),
        ...(request.recordedAsOf ? { recordedAsOf: request.recordedAsOf } : {}),
        ...(request.filter ? { condition: compileFilter(request.filter) } : {}),
      }
      return zoneFeatures.window(filter, ogcShape(page.baseUrl, page.geometry, page.language, page.crs, collection.geometryFamily), window, { timeStamp: true })
    },
    getFeature: (id, collection, page) => zones.getFeature(id, collection, page),
    etag: (id, version) => zoneEtag(id, version),
    queryables: (id, collection) => queryablesSchema(id, collection.title, { kind: collection.kind, geometryFamily: collection.geometryFamily }),
    columns: [['Name', 'name'], ['Kind', 'kind'], ['Status', 'status'], ['Since', 'status_since'], ['Sponsors', 'sponsors']],
  }
}

/** The agreements as the OGC collection `agreements` reads them; `datetime` is the day they were signed. */
export function agreementSource(agreements: AgreementsRepository): OgcSource {
  const shape = (page: OgcPage): FeatureShape => ({ properties: OGC_AGREEMENT_PROPERTIES, geometry: page.geometry ?? true, ...coordinatesIn(page.crs), baseUrl: page.baseUrl })
  const queryables = queryablesOf(AGREEMENT_QUERYABLE_DEFINITIONS)
  return {
    dataVersion: () => agreements.dataVersion(),
    summaries: async () => new Map([['agreements', await agreements.summary()]]),
    items(_collection, request, page, window) {
      if (request.status) throw badRequest('query.status', 'is not a filter of agreements (they have no status); see the queryables')
      if (request.sponsor) throw badRequest('query.sponsor', 'is not a filter of agreements; use filter with their queryables')
      if (request.recordedAsOf) throw badRequest('query.recorded_as_of', 'is not read for agreements: they are served as recorded now')
      const filter = {
        ...(request.bbox ? { bbox: request.bbox } : {}),
        ...(request.during?.from ? { signedFrom: request.during.from } : {}),
        ...(request.during?.to ? { signedTo: request.during.to } : {}),
        ...(request.filter ? { condition: compileFilter(request.filter, queryables) } : {}),
      }
      return featureWindow(agreements, filter, shape(page), window, { timeStamp: true })
    },
    async getFeature(id, _collection, page) {
      if (page.recordedAsOf) throw badRequest('query.recorded_as_of', 'is not read for agreements: they are served as recorded now')
      const found = await agreements.readOne(id, {}, shape(page))
      return found ? { featureJson: found.json, version: found.version } : null
    },
    etag: (id, version) => versionedEtag('agreement', id, version),
    queryables: (id, collection) => queryablesSchema(id, collection.title, {}, AGREEMENT_QUERYABLE_DEFINITIONS),
    columns: [['Title', 'title'], ['Signed', 'signed_on'], ['Class', 'class'], ['Purpose', 'purpose']],
  }
}

/** The incidents as the OGC collection `incidents` reads them; `datetime` holds when their days meet the instant or interval. */
export function incidentSource(incidents: IncidentsRepository): OgcSource {
  const shape = (page: OgcPage): FeatureShape => ({ properties: OGC_INCIDENT_PROPERTIES, geometry: page.geometry ?? true, ...coordinatesIn(page.crs), baseUrl: page.baseUrl })
  const queryables = queryablesOf(INCIDENT_QUERYABLE_DEFINITIONS)
  return {
    dataVersion: () => incidents.dataVersion(),
    summaries: async () => new Map([['incidents', await incidents.summary()]]),
    items(_collection, request, page, window) {
      if (request.status) throw badRequest('query.status', 'is not a filter of incidents (they have no status); see the queryables')
      if (request.sponsor) throw badRequest('query.sponsor', 'is not a filter of incidents; use filter with their queryables')
      if (request.recordedAsOf) throw badRequest('query.recorded_as_of', 'is not read for incidents: they are served as recorded now')
      const filter: IncidentFilter = {
        ...(request.bbox ? { bbox: request.bbox } : {}),
        ...(request.during?.from ? { from: request.during.from } : {}),
        ...(request.during?.to ? { to: request.during.to } : {}),
        ...(request.filter ? { condition: compileFilter(request.filter, queryables) } : {}),
      }
      return featureWindow(incidents, filter, shape(page), window, { timeStamp: true })
    },
    async getFeature(id, _collection, page) {
      if (page.recordedAsOf) throw badRequest('query.recorded_as_of', 'is not read for incidents: they are served as recorded now')
      const found = await incidents.readOne(id, {}, shape(page))
      return found ? { featureJson: found.json, version: found.version } : null
    },
    etag: (id, version) => versionedEtag('incident', id, version),
    queryables: (id, collection) => queryablesSchema(id, collection.title, {}, INCIDENT_QUERYABLE_DEFINITIONS),
    columns: [['Date', 'occurred_on'], ['Type', 'event_type'], ['Actor 1', 'actor1'], ['Actor 2', 'actor2'], ['Fatalities', 'fatalities_best']],
  }
}
