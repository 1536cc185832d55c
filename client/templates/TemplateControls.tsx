/** The facilitator's controls for the selected template: waterline, pillars, partners, lock of the drawing. */
import { useEffect, useState } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { lowerWaterline, raiseWaterline, type IcebergParams } from '../../shared/templates/iceberg/index.ts'
import { clampPillars, type MessageHouseParams } from '../../shared/templates/message-house/index.ts'
import type { CoalitionVennParams } from '../../shared/templates/coalition-venn/index.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { PartnerFields, partnersFromNames, type PartnerDraft } from './PartnerFields.tsx'
import { PillarSelect } from './PillarSelect.tsx'
import { PART_META_KEY, templateFrame, updateTemplate } from './render.ts'

/** The template frame the selection is in: the frame itself, or a shape inside it. */
function selectedTemplateId(editor: Editor): TLShapeId | null {
  for (const id of editor.getSelectedShapeIds()) {
    for (let shape = editor.getShape(id); shape; shape = editor.getShape(shape.parentId as TLShapeId)) {
      if (templateFrame(editor, shape.id)) return shape.id
    }
  }
  return null
}

export function TemplateControls({ editor }: { editor: Editor }) {
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

  if (!frameId || !found) return null
  const update = (params: unknown) => {
    editor.markHistoryStoppingPoint('change template')
    updateTemplate(editor, frameId, params, language)
  }
  const setLocked = (value: boolean) => {
    const parts = editor.getSortedChildIdsForParent(frameId).filter((id) => editor.getShape(id)?.meta[PART_META_KEY])
    editor.run(() => editor.updateShapes(parts.map((id) => ({ id, type: editor.getShape(id)!.type, isLocked: value }))), { ignoreShapeLock: true })
  }

  return (
    <section className="template-controls" aria-label={t('template.controls', { name: found.frame.props.name })}>
      <strong className="template-controls__name">{found.frame.props.name}</strong>
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
          <PartnerFields partners={drafts} onChange={setDrafts} />
          <button type="submit" className="button button--primary">
            {t('template.partnersSave')}
          </button>
        </form>
      )}
      <button type="button" className="button button--quiet" onClick={() => setLocked(!locked)}>
        {locked ? t('template.unlock') : t('template.lock')}
      </button>
    </section>
  )
}
