/**
 * Follow me / bring everyone here. The facilitator's choice lives in the board's document; each partner's
 * canvas follows the facilitator's presence with tldraw's own smooth following, and can step out.
 */
import { useEffect, useState } from 'react'
import { useValue, type Editor, type TLInstancePresence } from 'tldraw'
import type * as Y from 'yjs'
import { BoardMapKeys, type FollowMe } from '../../shared/protocol.ts'
import { useT } from '../i18n/language.ts'
import { useBoardMapValue } from './boardMap.ts'
import { useBoardSession } from '../session/BoardSession.tsx'
import { useNewSummon } from './summon.ts'

function useBoardValue<T>(doc: Y.Doc | null, key: string): T | null {
  return useBoardMapValue(doc, key, (value) => (value as T | undefined) ?? null)
}

/** How many people follow `userId`: one per person, however many tabs they have open. */
export function followersOf(presences: readonly Pick<TLInstancePresence, 'userId' | 'followingUserId'>[], userId: string): number {
  return new Set(presences.filter((p) => p.followingUserId === userId && p.userId !== userId).map((p) => p.userId)).size
}

/** The facilitator's two buttons. */
export function FollowControls({ editor, userId }: { editor: Editor; userId: string }) {
  const t = useT()
  const { doc, actions } = useBoardSession()
  const followMe = useBoardValue<FollowMe>(doc, BoardMapKeys.followMe)
  // Every partner's presence says whom they follow (tldraw publishes it): how many follow, never who.
  const followers = useValue('followers', () => followersOf(editor.store.query.records('instance_presence').get(), userId), [editor, userId])
  const toggle = () => (followMe ? actions.stopFollowing() : actions.followMe(userId))
  const summon = () => actions.summon(editor.getViewportPageBounds())
  return (
    <>
      <button type="button" className={`button${followMe ? ' button--primary' : ''}`} aria-pressed={!!followMe} onClick={toggle}>
        {followMe && followers > 0 ? t('follow.meWithCount', { count: followers }) : t('follow.me')}
      </button>
      <button type="button" className="button" onClick={summon}>
        {t('follow.summon')}
      </button>
    </>
  )
}

/** A partner's side: follow while asked (unless they stepped out), jump when summoned, and say so. */
export function FollowFacilitator({ editor, doc }: { editor: Editor; doc: Y.Doc }) {
  const t = useT()
  const followMe = useBoardValue<FollowMe>(doc, BoardMapKeys.followMe)
  const [steppedOut, setSteppedOut] = useState(false)
  const following = useValue('following', () => editor.getInstanceState().followingUserId, [editor])
  // A page that opens (or reloads) while "follow me" is on starts following once the leader's presence
  // has arrived with a camera and a screen size: tldraw drops a follow whose leader has neither yet.
  const leaderPresent = useValue(
    'leader present',
    () => !!followMe && editor.store.query.records('instance_presence').get().some((p) => p.userId === followMe.userId && !!p.camera && !!p.screenBounds),
    [editor, followMe?.userId],
  )

  // A new "follow me" (or the leader coming back) starts following again.
  useEffect(() => setSteppedOut(false), [followMe?.userId])
  useEffect(() => {
    if (!followMe) {
      if (editor.getInstanceState().followingUserId) editor.stopFollowingUser()
      return
    }
    if (!steppedOut && leaderPresent && editor.getInstanceState().followingUserId !== followMe.userId) {
      editor.startFollowingUser(followMe.userId)
    }
  }, [editor, followMe?.userId, steppedOut, leaderPresent])

  useNewSummon(doc, ({ bounds: { x, y, w, h } }) => editor.zoomToBounds({ x, y, w, h }, { animation: { duration: 400 } }))

  if (!followMe || following !== followMe.userId) return null
  return (
    <div className="board-banner" role="status">
      {t('follow.following')}
      <button
        type="button"
        className="button"
        onClick={() => {
          setSteppedOut(true)
          editor.stopFollowingUser()
        }}
      >
        {t('follow.stop')}
      </button>
    </div>
  )
}
