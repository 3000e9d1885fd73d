import 'leaflet/dist/leaflet.css'
import './styles/base.css'
import './styles/map.css'
import './styles/embed.css'
import './styles/export.css'
import { createApi } from './api.ts'
import { startEmbed } from './embed/embed-app.ts'
import { applyLanguage, t } from './i18n/index.ts'

/** The embed's entry point (embed.html, served at /embed): the map alone, for other sites' pages. */
function required(id: string): HTMLElement {
  const element = document.getElementById(id)
  if (!element) throw new Error(`embed.html lacks the element #${id}`)
  return element
}

applyLanguage()
const caption = required('embed-caption')
startEmbed({ map: required('map'), caption }, createApi()).catch((error: unknown) => {
  const message = document.createElement('p')
  message.className = 'ta-error'
  message.setAttribute('role', 'alert')
  message.textContent = t('embed.error', { reason: error instanceof Error ? error.message : String(error) })
  caption.replaceChildren(message)
  console.error(error)
})
