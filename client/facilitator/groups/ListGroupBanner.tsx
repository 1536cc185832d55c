/** A partner's "Jouw groep" banner without the canvas: its text and button, and the list view's own banner. */
import type * as Y from 'yjs'
import type { Group } from '../../../shared/board/groups.ts'
import { useT } from '../../i18n/language.ts'
import { useMyGroup } from './useGroups.ts'

/** "Jouw groep: Wonen en zorg" and, when there is somewhere to go, "Ga erheen". */
export function GroupBannerText({ group, onGo }: { group: Group; onGo: (() => void) | null }) {
  const t = useT()
  return (
    <div className="board-banner group-banner" role="status">
      <span>{t('groups.yours', { name: group.name })}</span>
      {onGo && (
        <button type="button" className="button group-banner__go" onClick={onGo}>
          {t('groups.go')}
        </button>
      )}
    </div>
  )
}

/** The list view: the banner; its button scrolls to the group's part of the list. */
export function ListGroupBanner({ doc, authorId }: { doc: Y.Doc; authorId: string }) {
  const group = useMyGroup(doc, authorId)
  if (!group) return null
  const go = () => {
    const section = group.frameId ? document.querySelector<HTMLElement>(`[data-frame-id="${CSS.escape(group.frameId)}"]`) : null
    if (!section) return
    section.scrollIntoView({ behavior: 'smooth', block: 'start' })
    section.focus({ preventScroll: true })
  }
  return <GroupBannerText group={group} onGo={group.frameId ? go : null} />
}
