/** Entry point: picks the page from the URL (/, /b/<id>#key=…, /v/<viewId>, /j/<join code>). */
import { createRoot } from 'react-dom/client'
import { HomePage } from './home/HomePage.tsx'
import { JoinByCodePage } from './participant/JoinByCode.tsx'
import { BoardPage, type BoardRoute } from './board/BoardPage.tsx'
import { useLanguage } from './i18n/language.ts'
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

document.documentElement.lang = useLanguage.getState().language
const route = routeFromLocation(window.location)
const code = window.location.pathname.match(/^\/j\/([^/]+)\/?$/)?.[1]
createRoot(document.getElementById('root')!).render(
  route ? <BoardPage route={route} /> : code ? <JoinByCodePage code={decodeURIComponent(code)} /> : <HomePage />,
)
registerServiceWorker()
