/**
 * The facilitator's "Groepen" panel. Before a split: how many groups, a sub-theme and a template per
 * group, and how the partners are divided (evenly over the organisations, or by hand). After it: every
 * group at a glance (members, notes in its frame, "Bekijk"), moving people, and back to the plenary.
 */
import { useMemo, useState, type FormEvent } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { assignEvenly, GROUP_NAME_MAX_LENGTH, MAX_GROUPS, MIN_GROUPS, type GroupsState, type Partner } from '../../../shared/board/groups.ts'
import { organisationKey } from '../../../shared/protocol.ts'
import { MAX_PARTNERS, MIN_PARTNERS, type VennPartner } from '../../../shared/templates/coalition-venn/index.ts'
import { TemplateKinds, type TemplateKind } from '../../../shared/templates/types.ts'
import { templateMetaOf } from '../../../shared/templates/instance.ts'
import { useLanguage, useT } from '../../i18n/language.ts'
import { useBoardSession } from '../../session/BoardSession.tsx'
import { boardOrganisations } from '../../templates/TemplatePicker.tsx'
import { templateName } from '../../templates/render.ts'
import { SidePanel } from '../../ui/SidePanel.tsx'
import { usePanel } from '../../ui/PanelButton.tsx'
import { useDisplayNames } from '../displayNames.ts'
import { backToPlenary, makeGroups } from './actions.ts'
import { moveToGroup } from './groupsDoc.ts'
import { useGroups, usePartners } from './useGroups.ts'

export const GROUPS_PANEL = 'groups'

const KINDS: TemplateKind[] = [TemplateKinds.iceberg, TemplateKinds.messageHouse, TemplateKinds.coalitionVenn]
const UNASSIGNED = ''

export function GroupsButton() {
  const t = useT()
  const [open, setOpen] = usePanel(GROUPS_PANEL)
  const { doc } = useBoardSession()
  const active = !!useGroups(doc)?.active
  return (
    <button type="button" className={`button${active ? ' button--primary' : ''}`} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
      {t('groups.button')}
    </button>
  )
}

/** `ownAuthorId`, `ownOrganisation`: the facilitator at this screen, who steers and is in no group. */
export function GroupsPanel({ editor, ownAuthorId, ownOrganisation, onClose }: { editor: Editor; ownAuthorId?: string; ownOrganisation?: string; onClose(): void }) {
  const t = useT()
  const { doc } = useBoardSession()
  const split = useGroups(doc)
  const partners = usePartners(doc, ownAuthorId)
  const [planning, setPlanning] = useState(false)
  const showPlan = !split || planning
  return (
    <SidePanel title={t('groups.heading')} closeLabel={t('groups.close')} onClose={onClose} className="groups-panel">
      {showPlan ? (
        <GroupsPlan
          editor={editor}
          partners={partners}
          ownOrganisation={ownOrganisation}
          onMade={() => setPlanning(false)}
          onCancel={split ? () => setPlanning(false) : null}
        />
      ) : (
        <GroupsOverview editor={editor} split={split} partners={partners} onNew={() => setPlanning(true)} />
      )}
    </SidePanel>
  )
}

// -------------------------------------------------------------------------------------------------

function GroupsPlan({ editor, partners, ownOrganisation, onMade, onCancel }: { editor: Editor; partners: Partner[]; ownOrganisation?: string; onMade(): void; onCancel: (() => void) | null }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const { doc } = useBoardSession()
  const [count, setCount] = useState(MIN_GROUPS)
  const [names, setNames] = useState<string[]>(() => Array.from({ length: MAX_GROUPS }, () => ''))
  const [kinds, setKinds] = useState<TemplateKind[]>(() => Array.from({ length: MAX_GROUPS }, () => TemplateKinds.iceberg))
  const [byHand, setByHand] = useState(false)
  /** By hand: author id → group number (0-based); absent: not yet in a group. */
  const [chosen, setChosen] = useState<Record<string, number>>({})
  const [problem, setProblem] = useState<string | null>(null)

  // The coalition Venn of every group gets the board's organisations as its partners, as the template picker guesses them.
  const vennPartners: VennPartner[] = useMemo(
    () =>
      boardOrganisations(doc)
        .filter((o) => !ownOrganisation || organisationKey(o.name) !== organisationKey(ownOrganisation))
        .slice(0, MAX_PARTNERS)
        .map((o, i) => ({ id: `p${i + 1}`, name: o.name, colour: o.colour })),
    [doc, ownOrganisation, partners.length],
  )
  const vennPossible = vennPartners.length >= MIN_PARTNERS

  const even = useMemo(() => assignEvenly(partners, count), [partners, count])
  const members: string[][] = byHand ? Array.from({ length: count }, (_, i) => partners.filter((p) => chosen[p.authorId] === i).map((p) => p.authorId)) : even
  const groupLabel = (i: number) => (names[i].trim() ? t('groups.numberedName', { n: i + 1, name: names[i].trim() }) : t('groups.numbered', { n: i + 1 }))
  const nameOf = (authorId: string) => partners.find((p) => p.authorId === authorId)?.name ?? ''

  const chooseByHand = (next: boolean) => {
    // By hand starts from the even split: a facilitator mostly moves a few people.
    if (next && !byHand) setChosen(Object.fromEntries(even.flatMap((ids, i) => ids.map((id) => [id, i]))))
    setByHand(next)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const shown = names.slice(0, count).map((n) => n.trim())
    if (shown.some((n) => !n)) return setProblem(t('groups.needNames'))
    if (new Set(shown.map((n) => n.toLocaleLowerCase(language))).size !== shown.length) return setProblem(t('groups.differentNames'))
    const plans = shown.map((name, i) => {
      const kind = kinds[i] === TemplateKinds.coalitionVenn && !vennPossible ? TemplateKinds.iceberg : kinds[i]
      return { name, kind, params: kind === TemplateKinds.coalitionVenn ? { partners: vennPartners } : undefined, members: members[i] }
    })
    if (!makeGroups(editor, doc, plans, language)) return setProblem(t('groups.notMade'))
    setProblem(null)
    onMade()
  }

  return (
    <form className="groups-plan" onSubmit={submit} noValidate>
      <p>{t('groups.intro')}</p>
      <label className="field field--inline">
        <span>{t('groups.count')}</span>
        <select value={count} onChange={(e) => setCount(Number(e.target.value))}>
          {Array.from({ length: MAX_GROUPS - MIN_GROUPS + 1 }, (_, i) => MIN_GROUPS + i).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>

      {Array.from({ length: count }, (_, i) => (
        <fieldset key={i} className="groups-plan__group">
          <legend>{t('groups.numbered', { n: i + 1 })}</legend>
          <label className="field">
            <span>{t('groups.name', { n: i + 1 })}</span>
            <input
              className="text-input"
              value={names[i]}
              maxLength={GROUP_NAME_MAX_LENGTH}
              placeholder={t('groups.namePlaceholder')}
              aria-invalid={!!problem && !names[i].trim()}
              onChange={(e) => (setNames(names.map((n, j) => (j === i ? e.target.value : n))), setProblem(null))}
            />
          </label>
          <label className="field field--inline">
            <span>{t('groups.template', { n: i + 1 })}</span>
            <select value={kinds[i]} onChange={(e) => setKinds(kinds.map((k, j) => (j === i ? (e.target.value as TemplateKind) : k)))}>
              {KINDS.map((kind) => (
                <option key={kind} value={kind} disabled={kind === TemplateKinds.coalitionVenn && !vennPossible}>
                  {templateName(kind, language)}
                  {kind === TemplateKinds.coalitionVenn && !vennPossible ? ` ${t('groups.vennNeedsOrganisations')}` : ''}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
      ))}
      {kinds.slice(0, count).includes(TemplateKinds.coalitionVenn) && vennPossible && (
        <p className="groups-plan__hint">{t('groups.vennPartners', { names: vennPartners.map((p) => p.name).join(', ') })}</p>
      )}

      <fieldset className="groups-plan__assign">
        <legend>{t('groups.assign')}</legend>
        <label className="groups-plan__radio">
          <input type="radio" name="groups-assign" checked={!byHand} onChange={() => chooseByHand(false)} />
          <span>{t('groups.assignEvenly')}</span>
        </label>
        <label className="groups-plan__radio">
          <input type="radio" name="groups-assign" checked={byHand} onChange={() => chooseByHand(true)} />
          <span>{t('groups.assignByHand')}</span>
        </label>
        {partners.length === 0 ? (
          <p className="groups-plan__hint">{t('groups.nobodyYet')}</p>
        ) : byHand ? (
          <ul className="groups-list">
            {partners.map((p) => (
              <li key={p.authorId} className="groups-list__person">
                <PersonName partner={p} />
                <select
                  aria-label={t('groups.moveLabel', { name: p.name })}
                  value={chosen[p.authorId] ?? UNASSIGNED}
                  onChange={(e) => {
                    const next = { ...chosen }
                    if (e.target.value === UNASSIGNED) delete next[p.authorId]
                    else next[p.authorId] = Number(e.target.value)
                    setChosen(next)
                  }}
                >
                  <option value={UNASSIGNED}>{t('groups.unassigned')}</option>
                  {Array.from({ length: count }, (_, i) => (
                    <option key={i} value={i}>
                      {groupLabel(i)}
                    </option>
                  ))}
                </select>
              </li>
            ))}
          </ul>
        ) : (
          <>
            <p className="groups-plan__hint">{t('groups.assignEvenlyHint')}</p>
            <ul className="groups-plan__preview" aria-label={t('groups.preview')}>
              {members.map((ids, i) => (
                <li key={i}>
                  <strong>{groupLabel(i)}:</strong> {ids.length ? ids.map(nameOf).join(', ') : t('groups.noMembers')}
                </li>
              ))}
            </ul>
          </>
        )}
      </fieldset>

      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="groups-plan__actions">
        <button type="submit" className="button button--primary">
          {t('groups.make')}
        </button>
        {onCancel && (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            {t('groups.cancel')}
          </button>
        )}
      </div>
    </form>
  )
}

// -------------------------------------------------------------------------------------------------

function PersonName({ partner }: { partner: Partner }) {
  const names = useDisplayNames((s) => s.names)
  return (
    <span className="groups-list__name">
      {names[partner.authorId] || partner.name}
      {partner.organisation && <span className="groups-list__organisation"> ({partner.organisation})</span>}
    </span>
  )
}

/** How many notes lie in each frame, as notes come and go. */
function useNoteCounts(editor: Editor, frameIds: readonly (string | null)[]): Map<string, number> {
  const key = frameIds.join('|')
  return useValue(
    'notes per group frame',
    () => {
      const counts = new Map<string, number>()
      for (const id of frameIds) {
        if (!id || !editor.getShape(id as TLShapeId)) continue
        counts.set(id, [...editor.getShapeAndDescendantIds([id as TLShapeId])].filter((d) => editor.getShape(d)?.type === 'note').length)
      }
      return counts
    },
    [editor, key],
  )
}

function GroupsOverview({ editor, split, partners, onNew }: { editor: Editor; split: GroupsState; partners: Partner[]; onNew(): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const { doc } = useBoardSession()
  const counts = useNoteCounts(
    editor,
    split.groups.map((g) => g.frameId),
  )
  const kindOf = (frameId: string | null) => {
    const frame = frameId ? editor.getShape(frameId as TLShapeId) : undefined
    const meta = frame ? templateMetaOf(frame.meta) : null
    return meta ? templateName(meta.kind, language) : null
  }
  const inAGroup = new Set(split.groups.flatMap((g) => g.members))
  const unassigned = partners.filter((p) => !inAGroup.has(p.authorId))
  const partnerOf = (authorId: string): Partner => partners.find((p) => p.authorId === authorId) ?? { authorId, name: t('list.unknownAuthor'), organisation: '' }
  const view = (frameId: string) => {
    const bounds = editor.getShapePageBounds(frameId as TLShapeId)
    if (bounds) editor.zoomToBounds(bounds, { inset: 40, animation: { duration: 300 } })
  }

  const moveSelect = (p: Partner, current: string | null) => (
    <select aria-label={t('groups.moveLabel', { name: p.name })} value={current ?? UNASSIGNED} onChange={(e) => moveToGroup(doc, p.authorId, e.target.value || null)}>
      <option value={UNASSIGNED}>{t('groups.unassigned')}</option>
      {split.groups.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name}
        </option>
      ))}
    </select>
  )

  return (
    <div className="groups-overview">
      <p role="status" className="groups-overview__state">
        {split.active ? t('groups.working', { count: split.groups.length }) : t('groups.ended')}
      </p>
      {split.groups.map((group) => {
        const count = group.frameId ? counts.get(group.frameId) : undefined
        const kind = kindOf(group.frameId)
        return (
          <section key={group.id} className="groups-overview__group" aria-label={group.name}>
            <div className="groups-overview__head">
              <h3>{group.name}</h3>
              {group.frameId && count !== undefined && (
                <button type="button" className="button" aria-label={t('groups.viewLabel', { name: group.name })} onClick={() => view(group.frameId!)}>
                  {t('groups.view')}
                </button>
              )}
            </div>
            <p className="groups-overview__meta">{count === undefined ? t('groups.frameGone') : `${kind ? `${kind} · ` : ''}${t('groups.notes', { count })}`}</p>
            {group.members.length === 0 ? (
              <p className="groups-overview__none">{t('groups.noMembers')}</p>
            ) : (
              <ul className="groups-list" aria-label={t('groups.membersOf', { name: group.name })}>
                {group.members.map((authorId) => {
                  const p = partnerOf(authorId)
                  return (
                    <li key={authorId} className="groups-list__person">
                      <PersonName partner={p} />
                      {moveSelect(p, group.id)}
                    </li>
                  )
                })}
              </ul>
            )}
          </section>
        )
      })}
      {unassigned.length > 0 && (
        <section className="groups-overview__group" aria-label={t('groups.unassigned')}>
          <h3>{t('groups.unassigned')}</h3>
          <ul className="groups-list">
            {unassigned.map((p) => (
              <li key={p.authorId} className="groups-list__person">
                <PersonName partner={p} />
                {moveSelect(p, null)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="groups-plan__actions">
        {split.active ? (
          <button type="button" className="button button--primary" onClick={() => backToPlenary(editor, doc)}>
            {t('groups.plenary')}
          </button>
        ) : (
          <button type="button" className="button" onClick={onNew}>
            {t('groups.again')}
          </button>
        )}
      </div>
    </div>
  )
}
