/** "Where does your note belong?": every zone of the templates on the board, in plain words. */
import { useMemo } from 'react'
import type { Editor } from 'tldraw'
import { useLanguage, useT } from '../i18n/language.ts'
import { SidePanel } from '../ui/SidePanel.tsx'
import { zoneChoices, type ZoneChoice } from './render.ts'

export function ZonePicker({ editor, onPick, onLoose, onClose }: { editor: Editor; onPick(choice: ZoneChoice): void; onLoose(): void; onClose(): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const groups = useMemo(() => {
    const byFrame = new Map<string, { name: string; choices: ZoneChoice[] }>()
    for (const choice of zoneChoices(editor, language)) {
      const group = byFrame.get(choice.frameId) ?? { name: choice.frameName, choices: [] }
      group.choices.push(choice)
      byFrame.set(choice.frameId, group)
    }
    return [...byFrame.entries()]
  }, [editor, language])

  return (
    <SidePanel title={t('zones.heading')} closeLabel={t('zones.cancel')} onClose={onClose}>
      <button type="button" className="zone-picker__choice" onClick={onLoose}>
        {t('zones.loose')}
      </button>
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
