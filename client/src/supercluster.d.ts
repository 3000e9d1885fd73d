/**
 * The part of supercluster 8 (which ships no types) the incidents layer uses: points in, clusters
 * and points out for a box and a zoom.
 */
declare module 'supercluster' {
  import type { Feature, Point } from 'geojson'

  export interface ClusterProperties {
    cluster: true
    cluster_id: number
    point_count: number
    point_count_abbreviated: string | number
  }

  export interface SuperclusterOptions {
    minZoom?: number
    maxZoom?: number
    minPoints?: number
    radius?: number
    extent?: number
    nodeSize?: number
  }

  export type ClusterFeature = Feature<Point, ClusterProperties>

  export default class Supercluster<P extends object> {
    constructor(options?: SuperclusterOptions)
    load(points: readonly Feature<Point, P>[]): this
    /** bbox: [west, south, east, north]; zoom: an integer. */
    getClusters(bbox: [number, number, number, number], zoom: number): (Feature<Point, P> | ClusterFeature)[]
    getClusterExpansionZoom(clusterId: number): number
    /** The points of a cluster, `limit` of them (default 10) from `offset`. */
    getLeaves(clusterId: number, limit?: number, offset?: number): Feature<Point, P>[]
  }
}
