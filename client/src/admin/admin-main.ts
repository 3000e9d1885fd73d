import '../styles/base.css'
import '../styles/layout.css'
import '../styles/editing.css'
import '../styles/admin.css'
import { startAdmin } from './admin-app.ts'

/** The entry point of /admin: starts the page, or says plainly why it cannot. */
const main = document.getElementById('admin')
if (!main) throw new Error('admin.html lacks the element #admin')
startAdmin({ main, account: document.getElementById('account') }).catch((error: unknown) => {
  const message = document.createElement('p')
  message.className = 'ta-error'
  message.setAttribute('role', 'alert')
  message.textContent = `The administration could not start: ${error instanceof Error ? error.message : String(error)}`
  main.replaceChildren(message)
  console.error(error)
})
