/** The facilitator's controls for the selected template: waterline, pillars, partners, lock of the drawing. */
import { useEffect, useMemo, useState } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { lowerWaterline, raiseWaterline, type IcebergParams } from '../../shared/templates/iceberg/index.ts'
import { clampPillars, type MessageHouseParams } from '../../shared/templates/message-house/index.ts'
import { missingCombinations, type CoalitionVennParams } from '../../shared/templates/coalition-venn/index.ts'
import type * as Y from 'yjs'
import { boardOrganisations } from './TemplatePicker.tsx'
import { useLanguage, useT } from '../i18n/language.ts'
import { PartnerFields, partnersFromNames, type PartnerDraft } from './PartnerFields.tsx'
import { PillarSelect } from './PillarSelect.tsx'
import { PART_META_KEY } from '../../shared/templates/instance.ts'
import { shownFrameName } from '../../shared/templates/names.ts'
import { templateFrame, updateTemplate } from './render.ts'

/** The template frame the selection is in: the frame itself, or a shape inside it. */
function selectedTemplateId(editor: Editor): TLShapeId | null {
  for (const id of editor.getSelectedShapeIds()) {
    for (let shape = editor.getShape(id); shape; shape = editor.getShape(shape.parentId as TLShapeId)) {
      if (templateFrame(editor, shape.id)) return shape.id
    }
  }
  return null
}

/** Names of the partner combinations a Venn layout has no room of their own for (from four partners on). */
function missingCombinationNames(params: CoalitionVennParams, size: { w: number; h: number }): string[] {
  const names = new Map(params.partners.map((p) => [p.id, p.name]))
  return missingCombinations(params, size)
    .inside.sort((a, b) => a.length - b.length)
    .map((combo) => combo.map((id) => names.get(id)).join(' + '))
}

/** At most this many missing combinations are named; the rest are counted. */
const MISSING_SHOWN = 5

export function TemplateControls({ editor, doc }: { editor: Editor; doc: Y.Doc }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const frameId = useValue('selected template', () => selectedTemplateId(editor), [editor])
  const found = useValue('template', () => (frameId ? templateFrame(editor, frameId) : null), [editor, frameId])
  const locked = useValue(
    'drawing locked',
    () => !!frameId && editor.getSortedChildIdsForParent(frameId).some((id) => editor.getShape(id)?.meta[PART_META_KEY] && editor.getShape(id)?.isLocked),
    [editor, frameId],
  )
  const [drafts, setDrafts] = useState<PartnerDraft[]>([])
  const vennPartners = found?.meta.kind === 'coalition-venn' ? (found.meta.params as CoalitionVennParams).partners : null
  useEffect(() => {
    if (vennPartners) setDrafts(vennPartners.map((p) => ({ ...p })))
  }, [frameId, JSON.stringify(vennPartners)])
  const frameSize = found ? `${found.frame.props.w}x${found.frame.props.h}` : ''
  const missing = useMemo(
    () => (vennPartners && found ? missingCombinationNames({ partners: vennPartners }, { w: found.frame.props.w, h: found.frame.props.h }) : []),
    [JSON.stringify(vennPartners), frameSize],
  )

  if (!frameId || !found) return null
  const shownName = shownFrameName(found.frame.props.name, found.meta.kind, language)
  const update = (params: unknown) => {
    editor.markHistoryStoppingPoint('change template')
    updateTemplate(editor, frameId, params, language)
  }
  const setLocked = (value: boolean) => {
    const parts = editor.getSortedChildIdsForParent(frameId).filter((id) => editor.getShape(id)?.meta[PART_META_KEY])
    editor.run(() => editor.updateShapes(parts.map((id) => ({ id, type: editor.getShape(id)!.type, isLocked: value }))), { ignoreShapeLock: true })
  }

  return (
    <section
      className={`template-controls${found.meta.kind === 'coalition-venn' ? ' template-controls--side' : ''}`}
      aria-label={t('template.controls', { name: shownName })}
    >
      <strong className="template-controls__name">{shownName}</strong>
      {found.meta.kind === 'iceberg' && (
        <>
          <button type="button" className="button button--primary" onClick={() => update(lowerWaterline(found.meta.params as IcebergParams))}>
            {t('template.waterlineDown')}
          </button>
          <button type="button" className="button" onClick={() => update(raiseWaterline(found.meta.params as IcebergParams))}>
            {t('template.waterlineUp')}
          </button>
        </>
      )}
      {found.meta.kind === 'message-house' && (
        <PillarSelect
          label={t('template.pillars')}
          value={clampPillars((found.meta.params as MessageHouseParams).pillars)}
          onChange={(pillars) => update({ pillars } satisfies MessageHouseParams)}
        />
      )}
      {found.meta.kind === 'coalition-venn' && (
        <form
          className="template-controls__partners"
          onSubmit={(e) => {
            e.preventDefault()
            const partners = partnersFromNames(drafts)
            if (partners.length >= 2) update({ partners } satisfies CoalitionVennParams)
          }}
        >
          <PartnerFields partners={drafts} organisations={boardOrganisations(doc)} onChange={setDrafts} />
          <button type="submit" className="button button--primary">
            {t('template.partnersSave')}
          </button>
          {missing.length > 0 && (
            <p className="template-controls__note">
              {t('template.venn.missing', {
                list:
                  missing.length > MISSING_SHOWN
                    ? t('template.venn.missingMore', { list: missing.slice(0, MISSING_SHOWN).join('; '), count: missing.length - MISSING_SHOWN })
                    : missing.join('; '),
              })}
            </p>
          )}
        </form>
      )}
      <button type="button" className="button button--quiet" onClick={() => setLocked(!locked)}>
        {locked ? t('template.unlock') : t('template.lock')}
      </button>
    </section>
  )
}
