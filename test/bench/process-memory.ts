import { readFileSync } from 'node:fs'

/**
 * Resident memory of another process, from /proc (Linux): its current RSS, its peak (VmHWM, the
 * kernel's high-water mark since the process started), and a sampler for the peak over a stretch.
 */
function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  return match ? Number(match[1]) / 1024 : Number.NaN
}

/** The process's resident memory now, in MiB. */
export const rssMb = (pid: number): number => statusField(pid, 'VmRSS')

/** The most the process has held since it started, in MiB. */
export const peakRssMb = (pid: number): number => statusField(pid, 'VmHWM')

/** Samples the RSS every `intervalMs` until stopped; stop() gives the highest sample, in MiB. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number } {
  let peak = rssMb(pid)
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid))
    } catch {
      // the process has ended
    }
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}
