import os from 'node:os'
import { Piscina } from 'piscina'
import type { Kind } from '../domain/kinds.ts'
import { BusyError } from '../domain/errors.ts'
import { type GeometryVerdict, isOversized, validateGeometry } from './validate-geometry.ts'
import type { GeometryTask } from './validate-geometry-worker.ts'

/**
 * Geometry checks of writes and imports, off the event loop: validateGeometry runs in a pool of
 * worker threads, so a body built to be slow to check (a star with thousands of crossing edges, a
 * comb that defeats the sweep) delays no other request. Each check gets GEOMETRY_CHECK_LIMITS.ms
 * once it starts; one that takes longer is cancelled (its thread is ended and replaced). The work
 * caps of validateGeometry keep a check far under that, so running out of time means an overloaded
 * machine: the service is busy (503), the geometry is not blamed. Checks beyond the threads wait
 * their turn, up to GEOMETRY_CHECK_LIMITS.waiting; past that the service is busy too.
 */
export const GEOMETRY_CHECK_LIMITS = {
  /** Time one check may run; validateGeometry's own work caps keep a check well under it (about 0.3 s at worst on an idle core). */
  ms: 5_000,
  /** Threads: one per core, at most 4. */
  threads: Math.max(1, Math.min(4, os.availableParallelism())),
  /** Checks waiting for a thread; an import waits for one thread at a time, so this counts requests. */
  waiting: 200,
} as const

/**
 * The worker beside this module: TypeScript under tsx and vitest (a worker thread needs tsx's loader
 * too), JavaScript in the build, where esbuild emits it beside dist/server/main.js as its own entry.
 */
function workerFile(): { filename: string; execArgv: string[] } {
  const source = import.meta.url.endsWith('.ts')
  return {
    filename: new URL(`./validate-geometry-worker.${source ? 'ts' : 'js'}`, import.meta.url).href,
    execArgv: source ? ['--import', 'tsx'] : [],
  }
}

let pool: Piscina<GeometryTask, GeometryVerdict> | undefined
let running = 0
const queue: Array<() => void> = []

/** Started at the first check; idle threads end after 30 s and never keep the process alive (Piscina unrefs them). */
function openPool(): Piscina<GeometryTask, GeometryVerdict> {
  pool ??= new Piscina({ ...workerFile(), minThreads: 0, maxThreads: GEOMETRY_CHECK_LIMITS.threads, idleTimeout: 30_000 })
  return pool
}

/** Waits for a free thread, so that a check's time budget counts from when it starts. */
async function takeThread(): Promise<void> {
  if (running < GEOMETRY_CHECK_LIMITS.threads) {
    running += 1
    return
  }
  if (queue.length >= GEOMETRY_CHECK_LIMITS.waiting) {
    throw new BusyError('The service is busy checking other geometries; try again in a few seconds.')
  }
  await new Promise<void>((resolve) => queue.push(resolve))
}

function releaseThread(): void {
  const next = queue.shift()
  if (next) next()
  else running -= 1
}

/** validateGeometry(geometry, { kind }) in a worker thread; a check past the time budget is a BusyError. */
export async function checkGeometryOffThread(geometry: unknown, kind: Kind): Promise<GeometryVerdict> {
  // Copying a million positions to a thread would itself hold the event loop; refusing them costs nothing.
  if (isOversized(geometry)) return validateGeometry(geometry, { kind })
  await takeThread()
  try {
    return await openPool().run({ geometry, kind }, { signal: AbortSignal.timeout(GEOMETRY_CHECK_LIMITS.ms) })
  } catch (error) {
    if ((error as Error)?.name !== 'AbortError') throw error
    throw new BusyError(`The service is too busy to check the geometry within ${GEOMETRY_CHECK_LIMITS.ms / 1000} s; nothing was saved. Try again in a few seconds.`)
  } finally {
    releaseThread()
  }
}
