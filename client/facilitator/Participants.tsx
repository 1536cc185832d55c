/** The facilitator's participants panel: who is online, per organisation, with colours; rename a display, remove a connection. */
import { useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import { api } from '../api.ts'
import { useT } from '../i18n/language.ts'
import { SidePanel } from '../ui/SidePanel.tsx'
import { useNotice } from '../ui/notice.ts'
import { useDisplayNames } from './displayNames.ts'
import { useBoardSession } from '../session/BoardSession.tsx'

interface OnlinePerson {
  clientId: number | null
  authorId: string
  name: string
  organisation: string
  colour: string
  facilitator: boolean
}

function useOnlinePeople(editor: Editor): OnlinePerson[] {
  return useValue(
    'online people',
    () => {
      const me = editor.user
      const self: OnlinePerson = {
        clientId: null,
        authorId: '',
        name: me.getName(),
        organisation: '',
        colour: me.getColor(),
        facilitator: true,
      }
      const others = editor.getCollaborators().map((p) => {
        const meta = p.meta as { authorId?: string; author?: string; organisation?: string; facilitator?: boolean }
        return {
          clientId: Number(p.id.split(':')[1]),
          authorId: meta.authorId ?? '',
          name: meta.author ?? p.userName,
          organisation: meta.organisation ?? '',
          colour: p.color,
          facilitator: !!meta.facilitator,
        }
      })
      return [self, ...others]
    },
    [editor],
  )
}

export function ParticipantsButton({ editor, onOpen, open }: { editor: Editor; onOpen(): void; open: boolean }) {
  const t = useT()
  const count = useValue('online count', () => editor.getCollaborators().length + 1, [editor])
  return (
    <button type="button" className="button" aria-expanded={open} onClick={onOpen}>
      {t('people.button', { count })}
    </button>
  )
}

export function ParticipantsPanel({ editor, boardId, facilitatorKey, onClose }: { editor: Editor; boardId: string; facilitatorKey: string; onClose(): void }) {
  const t = useT()
  const { actions } = useBoardSession()
  const people = useOnlinePeople(editor)
  const names = useDisplayNames((s) => s.names)
  const [renaming, setRenaming] = useState<{ authorId: string; name: string } | null>(null)
  const groups = new Map<string, OnlinePerson[]>()
  // Everyone the count counts, the facilitator at this screen included.
  for (const person of people) {
    const key = person.facilitator ? t('board.facilitator') : person.organisation || '—'
    groups.set(key, [...(groups.get(key) ?? []), person])
  }
  const remove = async (person: OnlinePerson, shown: string) => {
    if (person.clientId === null || !window.confirm(t('people.removeConfirm', { name: shown }))) return
    try {
      await api.removeConnection(boardId, facilitatorKey, person.clientId)
      useNotice.getState().show(t('people.removed', { name: shown }))
    } catch {
      useNotice.getState().show(t('people.removeFailed', { name: shown }))
    }
  }
  return (
    <SidePanel title={t('people.heading', { count: people.length })} closeLabel={t('templates.close')} onClose={onClose}>
      {people.length === 1 && <p>{t('people.alone')}</p>}
      {[...groups.entries()].map(([organisation, members]) => (
        <section key={organisation} className="people-group" aria-label={organisation}>
          <h3>
            <span className="person-chip__swatch" style={{ background: members[0].colour }} aria-hidden="true" /> {organisation}
          </h3>
          <ul>
            {members.map((person) => {
              const shown = (person.authorId && names[person.authorId]) || person.name
              return (
                <li key={person.clientId ?? 'me'} className="people-group__person">
                  {renaming && renaming.authorId === person.authorId ? (
                    <form
                      onSubmit={(e) => {
                        e.preventDefault()
                        actions.renamePerson(person.authorId, renaming.name)
                        setRenaming(null)
                      }}
                    >
                      <input aria-label={t('people.newName', { name: shown })} value={renaming.name} maxLength={80} onChange={(e) => setRenaming({ ...renaming, name: e.target.value })} autoFocus />
                      <button type="submit" className="button">
                        {t('people.save')}
                      </button>
                    </form>
                  ) : (
                    <>
                      <span className="people-group__name">{person.clientId === null ? t('people.you', { name: shown }) : shown}</span>
                      {person.authorId && (
                        <button type="button" className="button button--quiet" aria-label={t('people.renameLabel', { name: shown })} onClick={() => setRenaming({ authorId: person.authorId, name: shown })}>
                          {t('people.rename')}
                        </button>
                      )}
                      {!person.facilitator && (
                        <button type="button" className="button button--quiet" aria-label={t('people.removeLabel', { name: shown })} onClick={() => void remove(person, shown)}>
                          {t('people.remove')}
                        </button>
                      )}
                    </>
                  )}
                </li>
              )
            })}
          </ul>
        </section>
      ))}
    </SidePanel>
  )
}
