import type { Api } from '../api.ts'
import type { Session } from '../auth/session.ts'
import type { AtlasMap } from '../map/create-map.ts'
import type { SidePanel } from '../panel/side-panel.ts'
import type { Store } from '../state.ts'
import { showLoadError } from './load-error.ts'

export interface EditingToolsParts {
  api: Api
  session: Session
  store: Store
  atlas: AtlasMap
  panel: SidePanel
  timebar: HTMLElement
  /** Opens a zone's card as from the list (null: back to the list). */
  select: (slug: string | null) => void
  refreshZone: (id: number, action?: string) => Promise<void>
}

/**
 * The editing tools follow the session: loaded (with their own chunk) when an editor signs in, and
 * removed when they sign out. The store holds them while they are there. Returns the function that
 * checks the session now (after it is restored).
 */
export function followEditingSession(parts: EditingToolsParts): () => void {
  const check = () => follow(parts)
  parts.session.subscribe(check)
  return check
}

function follow(parts: EditingToolsParts): void {
  const { api, session, store, atlas, panel, timebar, select, refreshZone } = parts
  if (session.user && !store.state.editing) {
    // The module is fetched once however often this runs; only the first to finish starts the tools.
    import('../edit/editing.ts')
      .then(({ startEditing }) => {
        if (!session.user || store.state.editing) return
        store.set({ editing: startEditing({ api, session, atlas, panel, select, refreshZone }) })
      })
      .catch((error: unknown) => {
        console.error(error)
        showLoadError(timebar, error)
      })
  }
  const { editing } = store.state
  if (!session.user && editing) {
    editing.stop()
    store.set({ editing: null })
  }
}
