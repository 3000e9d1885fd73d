import 'leaflet/dist/leaflet.css'
import './styles/base.css'
import './styles/layout.css'
import './styles/map.css'
import './styles/panel.css'
import './styles/card.css'
import './styles/time-slider.css'
import './styles/compare.css'
import './styles/editing.css'
import './styles/incidents.css'
import './styles/export.css'
import './styles/print.css'
import './styles/share.css'
import { startApp } from './app/page.ts'
import { applyLanguage, t } from './i18n/index.ts'
import { translateStaticText } from './i18n/static-text.ts'
import { fillLanguageSwitch } from './controls/language-switch.ts'

/** The entry point: finds the page's elements and starts the app, or says plainly why it cannot. */
function required<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) throw new Error(`index.html lacks the element #${id}`)
  return element as T
}

applyLanguage()
translateStaticText()
const languages = document.getElementById('language')
if (languages) fillLanguageSwitch(languages)
const timebar = required('timebar')
startApp({ map: required('map'), panel: required('panel'), panelToggle: required<HTMLButtonElement>('panel-toggle'), timebar, account: document.getElementById('account'), share: document.getElementById('share') }).catch((error: unknown) => {
  const message = document.createElement('p')
  message.className = 'ta-error'
  message.setAttribute('role', 'alert')
  message.textContent = t('page.startFailed', { reason: error instanceof Error ? error.message : String(error) })
  timebar.replaceChildren(message)
  console.error(error)
})
