/** Entry point: picks the page from the URL (/, /b/<id>#key=…, /v/<viewId>, /j/<join code>). */
import { createRoot } from 'react-dom/client'
import { HomePage } from './home/HomePage.tsx'
import { JoinByCodePage } from './participant/JoinByCode.tsx'
import { BoardPage, type BoardRoute } from './board/BoardPage.tsx'
import { loadLanguage } from '../shared/i18n/index.ts'
import { initialLanguage, useLanguage } from './i18n/language.ts'
import { registerServiceWorker } from './registerServiceWorker.ts'
import './styles.css'

function routeFromLocation(location: Location): BoardRoute | null {
  const match = location.pathname.match(/^\/(b|v)\/([^/]+)\/?$/)
  if (!match) return null
  const id = decodeURIComponent(match[2])
  if (match[1] === 'v') return { kind: 'view', viewId: id }
  const key = new URLSearchParams(location.hash.replace(/^#/, '')).get('key') ?? undefined
  return { kind: 'board', id, facilitatorKey: key || undefined }
}

const route = routeFromLocation(window.location)
const code = window.location.pathname.match(/^\/j\/([^/]+)\/?$/)?.[1]
function render() {
  document.documentElement.lang = useLanguage.getState().language
  createRoot(document.getElementById('root')!).render(
    route ? <BoardPage route={route} /> : code ? <JoinByCodePage code={decodeURIComponent(code)} /> : <HomePage />,
  )
}
// Someone who chose English gets it from the first screen on; without network the page comes in Dutch.
loadLanguage(initialLanguage()).then(render, () => {
  useLanguage.setState({ language: 'nl' })
  render()
})
registerServiceWorker()
