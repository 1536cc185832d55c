/** The facilitator's template picker: iceberg and waterline, message house, coalition domain Venn. */
import { useEffect, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { DocKeys, ORGANISATION_COLOURS, organisationKey, type OrganisationEntry } from '../../shared/protocol.ts'
import { MAX_PARTNERS, MIN_PARTNERS, type VennPartner } from '../../shared/templates/coalition-venn/index.ts'
import { MAX_PILLARS, MIN_PILLARS } from '../../shared/templates/message-house/index.ts'
import { TemplateKinds } from '../../shared/templates/types.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { placeTemplate } from './render.ts'
import { PartnerFields, partnersFromNames, type PartnerDraft } from './PartnerFields.tsx'

/** The organisations that joined this board, in order of arrival, as a first guess for the Venn's partners. */
export function boardOrganisations(doc: Y.Doc): OrganisationEntry[] {
  return [...doc.getMap<OrganisationEntry>(DocKeys.organisations).values()].sort((a, b) => a.index - b.index)
}

/** `ownOrganisation`: the facilitator's own, left out of the first guess (the facilitator steers, not partners). */
export function TemplatePicker({ editor, doc, ownOrganisation, onClose }: { editor: Editor; doc: Y.Doc; ownOrganisation?: string; onClose(): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const closeRef = useRef<HTMLButtonElement>(null)
  const [pillars, setPillars] = useState(3)
  const [partners, setPartners] = useState<PartnerDraft[]>(() => {
    const known = boardOrganisations(doc)
      .filter((o) => !ownOrganisation || organisationKey(o.name) !== organisationKey(ownOrganisation))
      .slice(0, MAX_PARTNERS)
      .map((o) => ({ name: o.name, colour: o.colour as string }))
    while (known.length < 3) known.push({ name: '', colour: ORGANISATION_COLOURS[known.length] })
    return known
  })
  const [vennError, setVennError] = useState('')

  useEffect(() => {
    closeRef.current?.focus()
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  const place = (kind: (typeof TemplateKinds)[keyof typeof TemplateKinds], params?: unknown) => {
    editor.markHistoryStoppingPoint('place template')
    placeTemplate(editor, kind, language, params)
    onClose()
  }

  const placeVenn = () => {
    const named: VennPartner[] = partnersFromNames(partners)
    if (named.length < MIN_PARTNERS) {
      setVennError(t('templates.venn.needPartners'))
      return
    }
    place(TemplateKinds.coalitionVenn, { partners: named })
  }

  return (
    <section className="side-panel template-picker" role="dialog" aria-modal="false" aria-labelledby="templates-heading">
      <div className="side-panel__head">
        <h2 id="templates-heading">{t('templates.heading')}</h2>
        <button ref={closeRef} type="button" className="button button--quiet" onClick={onClose}>
          {t('templates.close')}
        </button>
      </div>
      <p>{t('templates.intro')}</p>

      <article className="template-choice">
        <h3>{t('templates.iceberg.name')}</h3>
        <p>{t('templates.iceberg.text')}</p>
        <button type="button" className="button button--primary" onClick={() => place(TemplateKinds.iceberg)} aria-label={`${t('templates.place')}: ${t('templates.iceberg.name')}`}>
          {t('templates.place')}
        </button>
      </article>

      <article className="template-choice">
        <h3>{t('templates.house.name')}</h3>
        <p>{t('templates.house.text')}</p>
        <label className="field field--inline">
          <span>{t('templates.house.pillars')}</span>
          <select value={pillars} onChange={(e) => setPillars(Number(e.target.value))}>
            {Array.from({ length: MAX_PILLARS - MIN_PILLARS + 1 }, (_, i) => MIN_PILLARS + i).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--primary" onClick={() => place(TemplateKinds.messageHouse, { pillars })} aria-label={`${t('templates.place')}: ${t('templates.house.name')}`}>
          {t('templates.place')}
        </button>
      </article>

      <article className="template-choice">
        <h3>{t('templates.venn.name')}</h3>
        <p>{t('templates.venn.text')}</p>
        <PartnerFields partners={partners} onChange={(next) => (setPartners(next), setVennError(''))} />
        {vennError && (
          <p className="form-error" role="alert">
            {vennError}
          </p>
        )}
        <button type="button" className="button button--primary" onClick={placeVenn} aria-label={`${t('templates.place')}: ${t('templates.venn.name')}`}>
          {t('templates.place')}
        </button>
      </article>
    </section>
  )
}
