import { readFile } from 'node:fs/promises'
import type { FeatureRequestsResult } from './feature-requests-bench.ts'
import type { BenchReport, Measurement } from './report.ts'

/**
 * Two runs of `npm run bench` side by side, as Markdown: each row the earlier run measured and
 * this one did (same database, size and request), the API's requests/s in each and the change.
 *
 *   npx tsx test/bench/compare-runs.ts test/bench/results/baseline-2026-12-06.json test/bench/results/bench-<date>.json
 */
const [earlierFile, laterFile] = process.argv.slice(2)
if (!earlierFile || !laterFile) {
  console.log('Usage: npx tsx test/bench/compare-runs.ts EARLIER.json LATER.json')
  process.exit(2)
}
const earlier = JSON.parse(await readFile(earlierFile, 'utf8')) as BenchReport
const later = JSON.parse(await readFile(laterFile, 'utf8')) as BenchReport

const rate = (measurement: Measurement | null | undefined) => (measurement ? measurement.requestsPerSecond : Number.NaN)
const shown = (value: number) => (Number.isFinite(value) ? (value === 0 ? 'none done' : value < 10 ? value.toFixed(1) : value.toFixed(0)) : '–')
const change = (before: number, after: number) => (Number.isFinite(before) && Number.isFinite(after) && before > 0 && after > 0 ? `${after >= before ? '+' : ''}${Math.round((100 * (after - before)) / before)}%` : '–')
const cells = (before: number, after: number) => `${shown(before)} | ${shown(after)} | ${change(before, after)}`

const lines = [`Earlier: ${earlier.date.slice(0, 10)} (\`${earlier.command}\`); later: ${later.date.slice(0, 10)} (\`${later.command}\`). Requests/s.`]
for (const run of later.runs) {
  for (const size of run.sizes) {
    const before = earlier.runs.find((other) => other.backend === run.backend)?.sizes.find((other) => other.zones === size.zones)
    if (!before) continue
    lines.push('', `${run.backend}, ${size.zones.toLocaleString('en')} zones`, '', '| request | API earlier | API later | change | browsers earlier | browsers later | change | floor earlier | floor later |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for (const row of size.rows) {
      const old = before.rows.find((other) => other.name === row.name)
      lines.push(`| ${row.name} | ${cells(rate(old?.api), rate(row.api))} | ${cells(rate(old?.apiBrowser), rate(row.apiBrowser))} | ${shown(rate(old?.floor))} | ${shown(rate(row.floor))} |`)
    }
  }
}
const featureRows = (result: FeatureRequestsResult | undefined) => result?.rows ?? []
if (later.featureRequests && earlier.featureRequests) {
  lines.push('', 'The five feature requests', '', '| request | API earlier | API later | change | browsers earlier | browsers later | change | cold ms earlier | cold ms later | warm ms earlier | warm ms later |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const row of featureRows(later.featureRequests)) {
    const old = featureRows(earlier.featureRequests).find((other) => other.name === row.name)
    lines.push(`| ${row.name} | ${cells(rate(old?.api), rate(row.api))} | ${cells(rate(old?.apiBrowser), rate(row.apiBrowser))} | ${shown(old?.coldWarm?.coldMs ?? Number.NaN)} | ${shown(row.coldWarm?.coldMs ?? Number.NaN)} | ${shown(old?.coldWarm?.warmMs ?? Number.NaN)} | ${shown(row.coldWarm?.warmMs ?? Number.NaN)} |`)
  }
}
console.log(lines.join('\n'))
