/**
 * A partner's side of the commitment question: while the facilitator asks it, a card says where their
 * organisation stands, lets them answer for it (one answer per organisation; a colleague may change it)
 * and shows who answered. On the canvas a card at the bottom, in the list view a section of the list.
 */
import { useEffect, useId, useState } from 'react'
import type * as Y from 'yjs'
import { COMMITMENT_LEVELS, COMMITMENT_REMARK_MAX_LENGTH, type CommitmentLevel } from '../../../shared/board/commitment.ts'
import { organisationKey } from '../../../shared/protocol.ts'
import type { Person } from '../../board/person.ts'
import { useT } from '../../i18n/language.ts'
import { useNotice } from '../../ui/notice.ts'
import { commitmentActions } from './actions.ts'
import { useCommitmentAnswers, useCommitmentRound } from './useConcluding.ts'

export function CommitmentQuestion({ doc, person, variant }: { doc: Y.Doc; person: Person; variant: 'card' | 'list' }) {
  const t = useT()
  const headingId = useId()
  const round = useCommitmentRound(doc)
  const answers = useCommitmentAnswers(doc)
  const ours = answers.find(([key]) => key === organisationKey(person.organisation))?.[1] ?? null
  const [level, setLevel] = useState<CommitmentLevel | ''>(ours?.level ?? '')
  const [remark, setRemark] = useState(ours?.remark ?? '')
  const [folded, setFolded] = useState(false)
  // A colleague's answer arriving fills the form in, unless this person is changing it.
  const [dirty, setDirty] = useState(false)
  useEffect(() => {
    if (dirty) return
    setLevel(ours?.level ?? '')
    setRemark(ours?.remark ?? '')
  }, [ours?.level, ours?.remark, ours?.at])

  if (!round?.open) return null
  if (folded && variant === 'card') {
    return (
      <button type="button" className="button commitment-card__unfold" onClick={() => setFolded(false)}>
        {t(ours ? 'commitment.answeredShort' : 'commitment.answerShort')}
      </button>
    )
  }

  const submit = () => {
    if (!level) return
    const ok = commitmentActions.answer(doc, { role: 'participant', authorId: person.authorId, name: person.author, organisation: person.organisation }, level, remark)
    useNotice.getState().show(t(ok ? 'commitment.saved' : 'commitment.notSaved'))
    if (ok) setDirty(false)
  }

  return (
    <section className={`commitment-card commitment-card--${variant}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="commitment-card__question">
        {round.question || t('commitment.defaultQuestion')}
      </h2>
      <p className="commitment-card__for">{t('commitment.forOrganisation', { organisation: person.organisation })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <fieldset className="commitment-card__levels">
          <legend className="visually-hidden">{t('commitment.levelLegend')}</legend>
          {COMMITMENT_LEVELS.map((l) => (
            <label key={l} className="commitment-card__level">
              <input type="radio" name={`${headingId}-level`} value={l} checked={level === l} onChange={() => (setLevel(l), setDirty(true))} />
              {t(`commitment.level.${l}`)}
            </label>
          ))}
        </fieldset>
        <label className="commitment-card__remark">
          {t('commitment.remark')}
          <textarea className="text-input" rows={2} maxLength={COMMITMENT_REMARK_MAX_LENGTH} value={remark} onChange={(e) => (setRemark(e.target.value), setDirty(true))} />
        </label>
        <div className="commitment-card__buttons">
          <button type="submit" className="button button--primary" disabled={!level || (!dirty && !!ours)}>
            {t(ours ? 'commitment.change' : 'commitment.submit')}
          </button>
          {variant === 'card' && (
            <button type="button" className="button button--quiet" onClick={() => setFolded(true)}>
              {t('commitment.later')}
            </button>
          )}
        </div>
      </form>
      {ours && (
        <p className="commitment-card__current" role="status">
          {t('commitment.current', { level: t(`commitment.level.${ours.level}`), name: ours.name || t('commitment.byFacilitator') })}
        </p>
      )}
    </section>
  )
}
