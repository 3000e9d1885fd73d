import L from 'leaflet'
import type { LegendControl } from './legend-control.ts'
import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { imageFileName, type ImageFormat } from '../export/image-file-name.ts'
import { mapImagePng, mapImageSvg, serializeSvg, type MapImageDescription } from '../export/map-image.ts'

/** What a page gives the export: its map and legend (an AtlasMap fits), and what the image says beside the map. */
export interface ExportTarget {
  map: L.Map
  /** The legend whose rows the image repeats; without it the image has no legend. */
  legend?: Pick<LegendControl, 'drawnEntries'> | null
}

export interface ExportContext {
  /** Read each time an image is made: the date shown, the data version, the permalink (see MapImageDescription). */
  describe(): MapImageDescription | Promise<MapImageDescription>
}

/** One of the control's choices. */
interface ImageChoice {
  format: ImageFormat
  scale: number
  label: string
}

/** An exported image, ready to save. */
export interface MapImageFile {
  blob: Blob
  name: string
}

/**
 * The map as shown, as a file: PNG at `scale` times the view's size, or SVG.
 *
 *   const { blob, name } = await exportMapImage(atlas, description, 'png', 2)   // truce-atlas_2017-07-09_2x.png
 */
export async function exportMapImage(target: ExportTarget, description: MapImageDescription, format: ImageFormat, scale = 1): Promise<MapImageFile> {
  const image = mapImageSvg({ map: target.map, legend: target.legend?.drawnEntries() ?? [], description })
  const blob = format === 'svg' ? new Blob([serializeSvg(image)], { type: 'image/svg+xml' }) : await mapImagePng(image, scale)
  return { blob, name: imageFileName(format, description.date, format === 'svg' ? 1 : scale) }
}

/**
 * "Export image" on the map: a menu of PNG, PNG at double size and SVG, each saved at once as a
 * download named like the other exports. The image is made in the browser from the map's own
 * drawing (see map-image.ts), so it works offline and for the canvas map of thousands of zones.
 */
export class ExportControl extends L.Control {
  readonly #target: ExportTarget
  readonly #context: ExportContext
  #status: HTMLElement | null = null
  #busy = false

  constructor(target: ExportTarget, context: ExportContext, options: L.ControlOptions = {}) {
    super({ position: 'topleft', ...options })
    this.#target = target
    this.#context = context
  }

  override onAdd(): HTMLElement {
    const choices: ImageChoice[] = [
      { format: 'png', scale: 1, label: t('export.png') },
      { format: 'png', scale: 2, label: t('export.png.retina') },
      { format: 'svg', scale: 1, label: t('export.svg') },
    ]
    const status = el('p', { class: 'ta-export-image-status', role: 'status' })
    const buttons = choices.map((choice) => {
      const button = el('button', { type: 'button', class: 'ta-export-image-choice', 'data-format': choice.format, 'data-scale': choice.scale }, choice.label)
      button.addEventListener('click', () => void this.#export(choice))
      return el('li', {}, button)
    })
    const container = el(
      'details',
      { class: 'ta-export-image leaflet-bar' },
      el('summary', { 'aria-label': t('export.control.label'), title: t('export.control.label') }, t('export.control')),
      el('ul', { class: 'ta-export-image-choices' }, ...buttons),
      status,
    )
    L.DomEvent.disableClickPropagation(container)
    L.DomEvent.disableScrollPropagation(container)
    this.#status = status
    return container
  }

  override onRemove(): void {
    this.#status = null
  }

  async #export(choice: ImageChoice): Promise<void> {
    if (this.#busy) return
    this.#busy = true
    this.#say(t('export.working'))
    try {
      const file = await exportMapImage(this.#target, await this.#context.describe(), choice.format, choice.scale)
      saveFile(file)
      this.#say(t('export.done', { name: file.name }))
    } catch (error) {
      this.#say(t('export.failed', { reason: error instanceof Error ? error.message : String(error) }))
      console.error(error)
    } finally {
      this.#busy = false
    }
  }

  #say(text: string): void {
    if (this.#status) this.#status.textContent = text
  }
}

/**
 * Adds "Export image" to a map (the map page, the embed):
 *
 *   addExportControl(atlas, { describe: () => ({ date: '2017-07-09', dataVersion: 42, retrievedAt: null, permalink: location.href }) })
 */
export function addExportControl(target: ExportTarget, context: ExportContext, options: L.ControlOptions = {}): ExportControl {
  return new ExportControl(target, context, options).addTo(target.map)
}

/** Saves a file as a download, as a link with `download` does. */
function saveFile({ blob, name }: MapImageFile): void {
  const url = URL.createObjectURL(blob)
  const link = el('a', { href: url, download: name, hidden: true })
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The download has its own reference once started; the URL can go a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
