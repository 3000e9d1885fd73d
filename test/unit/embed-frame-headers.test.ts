import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.ts'
import { frameAncestorSources, securityHeaders } from '../../server/http/security-headers.ts'
import clientRoutes from '../../server/routes/client.ts'

/**
 * Who may frame which page: the embed (/embed) by any site, or by the origins of
 * EMBED_FRAME_ANCESTORS; every other page, the map's own included, by none. The real header and
 * client plugins over a client root of placeholder pages (no build needed).
 */
let root: string
const apps: FastifyInstance[] = []

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-client-'))
  await mkdir(path.join(root, 'assets'))
  for (const page of ['index.html', 'admin.html', 'embed.html']) await writeFile(path.join(root, page), `<!doctype html><title>${page}</title>`)
  await writeFile(path.join(root, 'assets', 'embed-abc.js'), 'export {}')
})
afterAll(async () => {
  for (const app of apps) await app.close()
  await rm(root, { recursive: true, force: true })
})

async function serve(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ TILE_URL: '', ...env })
  const app = Fastify()
  apps.push(app)
  app.decorate('config', config)
  await app.register(securityHeaders, { tileUrl: config.TILE_URL })
  await app.register(clientRoutes, { root })
  return app
}

const policyOf = (headers: Record<string, unknown>) => String(headers['content-security-policy'])

describe('framing', () => {
  it('lets any site frame /embed by default, with the rest of the policy unchanged', async () => {
    const app = await serve()
    const embed = await app.inject('/embed?date=2017-07-09&status=active')
    expect(embed.statusCode).toBe(200)
    expect(embed.body).toContain('embed.html')
    expect(policyOf(embed.headers)).toMatch(/(^|;)frame-ancestors \*(;|$)/)
    expect(embed.headers['x-frame-options']).toBeUndefined()
    const page = policyOf((await app.inject('/')).headers)
    expect(policyOf(embed.headers).replace('frame-ancestors *', "frame-ancestors 'none'")).toBe(page)
  })

  it("keeps frame-ancestors 'none' and X-Frame-Options on every other page and file", async () => {
    const app = await serve()
    for (const url of ['/', '/?date=2017-07-09', '/index.html', '/admin', '/embed.html', '/embed/', '/assets/embed-abc.js', '/client-config.json', '/nowhere']) {
      const response = await app.inject(url)
      expect(policyOf(response.headers), url).toContain("frame-ancestors 'none'")
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN')
    }
  })

  it('lets only the origins of EMBED_FRAME_ANCESTORS frame /embed', async () => {
    const app = await serve({ EMBED_FRAME_ANCESTORS: 'https://news.example.org, https://*.example.com:8443' })
    const embed = await app.inject('/embed')
    expect(policyOf(embed.headers)).toContain('frame-ancestors https://news.example.org https://*.example.com:8443;')
    expect(policyOf(embed.headers)).not.toContain('frame-ancestors *')
    expect(embed.headers['x-frame-options']).toBeUndefined()
    expect(policyOf((await app.inject('/')).headers)).toContain("frame-ancestors 'none'")
  })

  it('refuses a setting that is not a list of origins, naming it', async () => {
    for (const hostile of ["'self'", "https://a.example.org; script-src 'unsafe-inline'", 'https://a.example.org/path', 'javascript:alert(1)', '<b>', 'https://a.example.org:99999999']) {
      expect(() => frameAncestorSources(hostile), hostile).toThrow(/EMBED_FRAME_ANCESTORS/)
    }
    await expect(serve({ EMBED_FRAME_ANCESTORS: "'none' https://x.example.org" })).rejects.toThrow(/EMBED_FRAME_ANCESTORS/)
    expect(() => loadConfig({ EMBED_FRAME_ANCESTORS: 'x'.repeat(2001) })).toThrow()
    expect(frameAncestorSources('  ')).toEqual(['*'])
    expect(frameAncestorSources('HTTPS://News.Example.org')).toEqual(['https://news.example.org'])
  })
})
