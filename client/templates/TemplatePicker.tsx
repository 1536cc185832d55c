/** The facilitator's template picker: iceberg and waterline, message house, coalition domain Venn, coalition spectrum, positioning. */
import { useState, type ReactNode } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { DocKeys, ORGANISATION_COLOURS, organisationKey, type OrganisationEntry } from '../../shared/protocol.ts'
import { MAX_PARTNERS, MIN_PARTNERS, type VennPartner } from '../../shared/templates/coalition-venn/index.ts'
import { TemplateKinds } from '../../shared/templates/types.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { SidePanel } from '../ui/SidePanel.tsx'
import { placeTemplate } from './render.ts'
import { PartnerFields, partnersFromNames, type PartnerDraft } from './PartnerFields.tsx'
import { PillarSelect } from './PillarSelect.tsx'

/** The organisations that joined this board, in order of arrival, as a first guess for the Venn's partners. */
export function boardOrganisations(doc: Y.Doc): OrganisationEntry[] {
  return [...doc.getMap<OrganisationEntry>(DocKeys.organisations).values()].sort((a, b) => a.index - b.index)
}

/** `ownOrganisation`: the facilitator's own, left out of the first guess (the facilitator steers, not partners). */
export function TemplatePicker({ editor, doc, ownOrganisation, onClose }: { editor: Editor; doc: Y.Doc; ownOrganisation?: string; onClose(): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
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
    <SidePanel title={t('templates.heading')} closeLabel={t('templates.close')} onClose={onClose}>
      <p>{t('templates.intro')}</p>

      <TemplateChoice name={t('templates.iceberg.name')} text={t('templates.iceberg.text')} onPlace={() => place(TemplateKinds.iceberg)} />

      <TemplateChoice name={t('templates.house.name')} text={t('templates.house.text')} onPlace={() => place(TemplateKinds.messageHouse, { pillars })}>
        <PillarSelect label={t('templates.house.pillars')} value={pillars} onChange={setPillars} />
      </TemplateChoice>

      <TemplateChoice name={t('templates.venn.name')} text={t('templates.venn.text')} onPlace={placeVenn}>
        <PartnerFields partners={partners} organisations={boardOrganisations(doc)} onChange={(next) => (setPartners(next), setVennError(''))} />
        {vennError && (
          <p className="form-error" role="alert">
            {vennError}
          </p>
        )}
      </TemplateChoice>

      <TemplateChoice name={t('templates.spectrum.name')} text={t('templates.spectrum.text')} onPlace={() => place(TemplateKinds.coalitionSpectrum)} />

      <TemplateChoice name={t('templates.positioning.name')} text={t('templates.positioning.text')} onPlace={() => place(TemplateKinds.positioning)} />
    </SidePanel>
  )
}

/** One template in the picker: what it is for, its settings, and "Plaatsen" (named after the template for screen readers). */
function TemplateChoice({ name, text, onPlace, children }: { name: string; text: string; onPlace: () => void; children?: ReactNode }) {
  const t = useT()
  return (
    <article className="template-choice">
      <h3>{name}</h3>
      <p>{text}</p>
      {children}
      <button type="button" className="button button--primary" onClick={onPlace} aria-label={`${t('templates.place')}: ${name}`}>
        {t('templates.place')}
      </button>
    </article>
  )
}
