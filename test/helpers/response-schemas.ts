import { Ajv, type AnySchema, type ValidateFunction } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { expect } from 'vitest'
import { ProblemSchema } from '../../server/schemas/common.ts'
import { ZoneCollection, ZoneFeature, ZoneHistory } from '../../server/schemas/zones.ts'
import { AgreementCollection, AgreementFeature } from '../../server/schemas/agreements.ts'

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv

/**
 * Validators for the response schemas the /zones routes declare (the TypeBox schemas the OpenAPI
 * document is made from). Those routes send JSON text they wrote themselves, so Fastify's serializer
 * never applies the schema: only a test can tell that what leaves the server is what is declared.
 * Objects are closed here (no member the schema does not name, so no column leaks unseen), except
 * where the schema itself allows more (the problem's extension members).
 */
export function zoneResponseValidators(): Record<'zoneCollection' | 'zoneFeature' | 'zoneHistory' | 'problem', ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addSchema(closed(ZoneFeature)) // by its $id, for the collection's $ref
  ajv.addSchema(closed(ProblemSchema))
  return {
    zoneCollection: ajv.compile(closed(ZoneCollection)),
    zoneFeature: ajv.getSchema('ZoneFeature')!,
    zoneHistory: ajv.compile(closed(ZoneHistory)),
    problem: ajv.getSchema('Problem')!,
  }
}

/** Validators for the response schemas of the /agreements routes, closed as zoneResponseValidators's are. */
export function agreementResponseValidators(): Record<'agreementCollection' | 'agreementFeature' | 'problem', ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addSchema(closed(AgreementFeature))
  ajv.addSchema(closed(ProblemSchema))
  return {
    agreementCollection: ajv.compile(closed(AgreementCollection)),
    agreementFeature: ajv.getSchema('AgreementFeature')!,
    problem: ajv.getSchema('Problem')!,
  }
}

/** Checks a response body against a validator, naming every mismatch when it fails. */
export function expectMatchesSchema(validate: ValidateFunction, body: unknown, what = 'the response'): void {
  const valid = validate(body)
  expect(validate.errors ?? [], `${what} against its declared schema`).toEqual([])
  expect(valid).toBe(true)
}

/** A plain copy of a schema in which every object that does not say otherwise allows no other members. */
function closed(schema: unknown): AnySchema {
  const copy = JSON.parse(JSON.stringify(schema)) as AnySchema
  const close = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(close)
    if (node === null || typeof node !== 'object') return
    const record = node as Record<string, unknown>
    const members = record['properties'] as Record<string, unknown> | undefined
    if (record['type'] === 'object' && members) {
      if (!('additionalProperties' in record)) record['additionalProperties'] = false
      for (const member of Object.values(members)) close(member)
    }
    for (const [keyword, value] of Object.entries(record)) if (keyword !== 'properties') close(value)
  }
  close(copy)
  return copy
}
