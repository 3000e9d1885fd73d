import { describe, expect, it } from 'vitest'
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { describeValidationErrors } from '../../server/http/validation-errors.ts'

describe('describeValidationErrors', () => {
  it("names each missing property, from Ajv's errors (one per property) and TypeBox's (all in one)", () => {
    const ajv = [{ keyword: 'required', instancePath: '/features/2/properties', schemaPath: '#/required', params: { missingProperty: 'kind' }, message: "must have required property 'kind'" }]
    expect(describeValidationErrors(ajv as never, 'body')).toEqual([{ where: 'body.features[2].properties.kind', message: 'is required' }])

    const schema = Type.Object({ name: Type.String(), kind: Type.String(), effective_date: Type.String() })
    const typebox = [...Value.Errors(schema, { name: 'Kindless zone' })]
    expect(describeValidationErrors(typebox as never, 'body')).toEqual([
      { where: 'body.kind', message: 'is required' },
      { where: 'body.effective_date', message: 'is required' },
    ])
  })
})

describe('describeValidationErrors on lengths', () => {
  it('counts a body array in its items, and a query list in comma-separated values', () => {
    const tooFew = (instancePath: string) => [{ keyword: 'minItems', instancePath, schemaPath: '#/minItems', params: { limit: 1 }, message: 'must NOT have fewer than 1 items' }]
    expect(describeValidationErrors(tooFew('/features') as never, 'body')).toEqual([{ where: 'body.features', message: 'must have at least 1 item' }])
    expect(describeValidationErrors(tooFew('/status') as never, 'querystring')).toEqual([{ where: 'query.status', message: 'must have at least 1 value, separated by commas' }])
  })
})
