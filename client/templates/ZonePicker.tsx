/** "Where does your note belong?": every zone of the templates on the board, in plain words. */
import { useEffect, useMemo, useRef } from 'react'
import type { Editor } from 'tldraw'
import { useLanguage, useT } from '../i18n/language.ts'
import { zoneChoices, type ZoneChoice } from './render.ts'

export function ZonePicker({ editor, onPick, onLoose, onClose }: { editor: Editor; onPick(choice: ZoneChoice): void; onLoose(): void; onClose(): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const firstRef = useRef<HTMLButtonElement>(null)
  const groups = useMemo(() => {
    const byFrame = new Map<string, { name: string; choices: ZoneChoice[] }>()
    for (const choice of zoneChoices(editor, language)) {
      const group = byFrame.get(choice.frameId) ?? { name: choice.frameName, choices: [] }
      group.choices.push(choice)
      byFrame.set(choice.frameId, group)
    }
    return [...byFrame.entries()]
  }, [editor, language])

  useEffect(() => {
    firstRef.current?.focus()
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  return (
    <section className="side-panel zone-picker" role="dialog" aria-modal="false" aria-labelledby="zones-heading">
      <div className="side-panel__head">
        <h2 id="zones-heading">{t('zones.heading')}</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('zones.cancel')}
        </button>
      </div>
      <button ref={firstRef} type="button" className="zone-picker__choice" onClick={onLoose}>
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
    </section>
  )
}
