import { describe, expect, it } from 'vitest'
import { collectionBody } from '../../server/http/collection-body.ts'

describe('collectionBody', () => {
  it('writes the members and the features as one JSON document of exactly its byte length', () => {
    // Multi-byte text on both sides: a length counted in characters would cut the end off.
    const features = JSON.stringify([{ type: 'Feature', properties: { name: 'منطقة خفض التصعيد — Idlib', note: 'ceasefire 🕊' }, geometry: null }])
    const members = { type: 'FeatureCollection', numberReturned: 1, links: [{ rel: 'self', href: 'https://atlas.example/zones?q=Darʿā' }] }
    const body = collectionBody(members, features)
    expect(body.length).toBe(Buffer.byteLength(body.toString('utf8')))
    expect(JSON.parse(body.toString('utf8'))).toEqual({ ...members, features: JSON.parse(features) })
  })

  it('keeps an empty page a valid collection', () => {
    expect(JSON.parse(collectionBody({ type: 'FeatureCollection', numberReturned: 0, links: [] }, '[]').toString())).toEqual({ type: 'FeatureCollection', numberReturned: 0, links: [], features: [] })
  })
})
