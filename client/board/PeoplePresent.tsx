/** Who else is on the board right now: one coloured initial per person, their full name on hover and for screen readers. */
import { useValue, type Editor } from 'tldraw'
import { useT } from '../i18n/language.ts'

export function PeoplePresent({ editor }: { editor: Editor }) {
  const t = useT()
  const people = useValue(
    'people present',
    () => editor.getCollaborators().map((p) => ({ id: p.userId, name: p.userName, color: p.color })),
    [editor],
  )
  if (people.length === 0) return null
  return (
    <ul className="people" aria-label={t('board.present', { count: people.length })}>
      {people.map((person) => (
        <li key={person.id} className="people__person" aria-label={person.name} title={person.name} style={{ background: person.color }}>
          <span aria-hidden="true">{initial(person.name)}</span>
        </li>
      ))}
    </ul>
  )
}

function initial(name: string): string {
  return (name.trim()[0] ?? '?').toLocaleUpperCase()
}
