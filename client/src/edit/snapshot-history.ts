/**
 * Undo and redo over snapshots of an edit (here: the geometry as GeoJSON text). Recording a snapshot
 * equal to the current one does nothing, so the several events one gesture fires (pm:vertexadded,
 * then pm:edit) make one step; recording after an undo drops the steps that were undone.
 *
 * @example
 * const history = new SnapshotHistory('a')
 * history.record('b'); history.undo() // 'a'
 * history.redo() // 'b'
 */
export class SnapshotHistory<T> {
  #steps: T[]
  #at = 0
  readonly #limit: number
  readonly #same: (a: T, b: T) => boolean

  /** `limit`: the oldest steps are forgotten beyond it. Default: 200. */
  constructor(initial: T, options: { limit?: number; same?: (a: T, b: T) => boolean } = {}) {
    this.#steps = [initial]
    this.#limit = options.limit ?? 200
    this.#same = options.same ?? Object.is
  }

  get current(): T {
    return this.#steps[this.#at]!
  }

  get canUndo(): boolean {
    return this.#at > 0
  }

  get canRedo(): boolean {
    return this.#at < this.#steps.length - 1
  }

  /** True when the snapshot differs from the current one and was recorded. */
  record(snapshot: T): boolean {
    if (this.#same(snapshot, this.current)) return false
    this.#steps = [...this.#steps.slice(0, this.#at + 1), snapshot]
    if (this.#steps.length > this.#limit) this.#steps = this.#steps.slice(this.#steps.length - this.#limit)
    this.#at = this.#steps.length - 1
    return true
  }

  undo(): T {
    if (this.canUndo) this.#at -= 1
    return this.current
  }

  redo(): T {
    if (this.canRedo) this.#at += 1
    return this.current
  }

  /** Starts again from `initial` (after a save, or when another shape is edited). */
  reset(initial: T): void {
    this.#steps = [initial]
    this.#at = 0
  }
}
