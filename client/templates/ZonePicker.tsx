/**
 * "Where does your note belong?": every zone of the templates on the board, in plain words, in a stable
 * order (the template in view first). With many zones (a Venn of four partners has 33) a filter field
 * narrows the list as one types.
 */
import { useMemo, useState } from 'react'
import type { Editor } from 'tldraw'
import { useLanguage, useT } from '../i18n/language.ts'
import { SidePanel } from '../ui/SidePanel.tsx'
import { zoneChoices, type ZoneChoice } from './render.ts'
import { ownGroupFirst, type Group } from '../../shared/board/groups.ts'

/** Above this many zones the picker offers a filter field. */
export const FILTER_FROM = 10

/** `group`: the partner's own group while the groups work apart; its frame comes first. */
export function ZonePicker({ editor, group = null, onPick, onLoose, onClose }: { editor: Editor; group?: Group | null; onPick(choice: ZoneChoice): void; onLoose(): void; onClose(): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const [filter, setFilter] = useState('')
  const choices = useMemo(() => ownGroupFirst(zoneChoices(editor, language).map((c) => ({ ...c, id: c.frameId })), group), [editor, language, group?.frameId])
  const groups = useMemo(() => {
    const words = filter.toLocaleLowerCase(language).split(/\s+/).filter(Boolean)
    const matches = (choice: ZoneChoice) => {
      const text = `${choice.frameName} ${choice.zone.label}`.toLocaleLowerCase(language)
      return words.every((word) => text.includes(word))
    }
    const byFrame = new Map<string, { name: string; choices: ZoneChoice[] }>()
    for (const choice of choices) {
      if (!matches(choice)) continue
      const group = byFrame.get(choice.frameId) ?? { name: choice.frameName, choices: [] }
      group.choices.push(choice)
      byFrame.set(choice.frameId, group)
    }
    return [...byFrame.entries()]
  }, [choices, filter, language])

  return (
    <SidePanel title={t('zones.heading')} closeLabel={t('zones.cancel')} onClose={onClose}>
      {choices.length > FILTER_FROM && (
        <label className="zone-picker__filter">
          <span>{t('zones.filter')}</span>
          <input type="search" className="text-input" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
        </label>
      )}
      <button type="button" className="zone-picker__choice" onClick={onLoose}>
        {t('zones.loose')}
      </button>
      {groups.length === 0 && <p role="status">{t('zones.noMatch')}</p>}
      {groups.map(([frameId, group]) => (
        <div key={frameId} role="group" aria-label={group.name} className="zone-picker__group">
          <h3>{group.name}</h3>
          {group.choices.map((choice) => (
            <button key={choice.zone.id} type="button" className="zone-picker__choice" onClick={() => onPick(choice)}>
              {choice.zone.label}
            </button>
          ))}
        </div>
      ))}
    </SidePanel>
  )
}
