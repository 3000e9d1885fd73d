/**
 * How precisely a zone's outline places it, graded as ACLED and UCDP grade locations: exact (an
 * official or surveyed line), approximate (drawn from sourced places), region (only the area it
 * lies in is known).
 */
export const LOCATION_PRECISIONS = ['exact', 'approximate', 'region'] as const
export type LocationPrecision = (typeof LOCATION_PRECISIONS)[number]
