import type { Geometry } from 'geojson'
import type { Kind } from '../../../server/domain/kinds.ts'
import type { Api } from '../api.ts'
import type { HistoryEntry, ImportCreated, Party, ZoneFeature } from '../api-types.ts'
import type { Session } from '../auth/session.ts'
import type { AtlasMap } from '../map/create-map.ts'
import type { SidePanel } from '../panel/side-panel.ts'
import { EditControl } from './edit-control.ts'
import { ImportPanel } from './import-panel.ts'
import { NewZoneForm } from './new-zone-form.ts'
import { ShapeSession } from './shape-session.ts'
import { ZoneEditor } from './zone-editor.ts'

/** What the editing code needs from the page. */
export interface EditingContext {
  api: Api
  session: Session
  atlas: AtlasMap
  panel: SidePanel
  /** Opens the card of a zone (null: back to the list). */
  select: (slug: string | null) => void
  /** Reloads one zone everywhere on the page now (an archived one is taken off); its change event follows for everyone. */
  refreshZone: (id: number, action?: string) => Promise<void>
}

/** The editing side of the map, present while an editor is signed in (see startEditing). */
export interface Editing {
  /** The editing section of a zone's card: the same element across redraws of that card. */
  cardSection(feature: ZoneFeature): HTMLElement
  /** A control for a timeline entry (the undo button of the latest change), or null. */
  timelineAction(feature: ZoneFeature, entry: HistoryEntry, history: readonly HistoryEntry[]): HTMLElement | null
  /** True while a shape is being edited on the map (clicks on zones then do not open their cards). */
  readonly editingShape: boolean
  /** The card was closed: its editing section and any shape being edited go with it. */
  release(): void
  /** Removes every control, form and shape handle it added. */
  stop(): void
}

/**
 * Loaded after sign-in (with Leaflet-Geoman and togeojson, which viewers never download): adds the
 * map's editing control, the editing section of the cards, the new-zone and import tools. One
 * shape is edited at a time.
 */
export function startEditing(context: EditingContext): Editing {
  const { api, session, atlas, panel } = context
  let editor: ZoneEditor | null = null
  let shape: ShapeSession | null = null
  let tool: { destroy(): void } | null = null
  let parties: Promise<Party[]> | null = null

  const loadParties = () => {
    parties ??= api.parties()
    parties.catch(() => (parties = null))
    return parties
  }

  function startShape(geometry: Geometry | null, kind: Kind, onChange: (geometry: Geometry | null) => void): ShapeSession {
    shape?.stop()
    shape = new ShapeSession({ map: atlas.map, geometry, kind, onChange })
    return shape
  }

  function closeTool(): void {
    tool?.destroy()
    tool = null
    panel.closeTool()
  }

  function openTool(make: () => { element: HTMLElement; destroy(): void }): void {
    closeTool()
    editor?.close()
    const created = make()
    tool = created
    panel.showTool(created.element)
  }

  const control = new EditControl({
    onNewZone: () =>
      openTool(
        () =>
          new NewZoneForm({
            api,
            startShape,
            onCreated: (feature) => {
              closeTool()
              void context.refreshZone(feature.id).then(() => context.select(feature.properties.slug))
            },
            onCancel: closeTool,
          }),
      ),
    onImport: () =>
      openTool(
        () =>
          new ImportPanel({
            api,
            map: atlas.map,
            onImported: (created: ImportCreated['created']) => {
              for (const zone of created) void context.refreshZone(zone.id)
            },
            onClose: closeTool,
          }),
      ),
  }).addTo(atlas.map)

  return {
    cardSection(feature) {
      if (editor && editor.slug !== feature.properties.slug) {
        editor.destroy()
        editor = null
      }
      editor ??= new ZoneEditor({
        api,
        session,
        feature,
        parties: loadParties,
        startShape,
        onSaved: (saved) => void context.refreshZone(saved.id),
        onArchived: (archived) => {
          context.select(null)
          void context.refreshZone(archived.id, 'zone.archive')
        },
      })
      editor.update(feature)
      return editor.element
    },
    timelineAction(feature, entry, history) {
      return editor && editor.slug === feature.properties.slug ? editor.timelineAction(entry, history) : null
    },
    get editingShape() {
      return shape?.active === true
    },
    release() {
      editor?.destroy()
      editor = null
    },
    stop() {
      closeTool()
      editor?.destroy()
      editor = null
      shape?.stop()
      shape = null
      control.remove()
    },
  }
}
