/**
 * The board as a list, for phones and for anyone who prefers it (a screen reader reads a list, not a
 * canvas): the round that is on, a large "write a note" with the zone to put it in, and every note grouped
 * by template and zone in the exercise's order, as the minutes group them. Loads without the canvas code.
 */
import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react'
import type * as Y from 'yjs'
import { buildMinutes, type MinutesSection } from '../../shared/board/minutes.ts'
import { collectNotes, type NoteReport } from '../../shared/board/notes.ts'
import { looseSpot, newShapeId, noteRecord, placeAt, respot, spotInZone, templateFramesOn, zonesOf, type BoardFrame } from '../../shared/board/placeNote.ts'
import { plainToRichText } from '../../shared/board/richText.ts'
import { BoardMapKeys, isPrivateRecord, ORGANISATION_COLOUR_HEX, PRIVATE_META_KEY, type FollowMe, type OrganisationColour } from '../../shared/protocol.ts'
import type { Point } from '../../shared/templates/geometry.ts'
import { shownFrameName } from '../../shared/templates/names.ts'
import type { Language } from '../../shared/i18n/index.ts'
import { ConnectionIndicator } from '../board/ConnectionIndicator.tsx'
import type { Person } from '../board/person.ts'
import { useBoardMapValue } from '../facilitator/boardMap.ts'
import { useDisplayNames, useDisplayNamesSync } from '../facilitator/displayNames.ts'
import { useNewSummon } from '../facilitator/summon.ts'
import { usePrivateRound } from '../facilitator/privateRound.ts'
import { loadKept, saveKept } from '../facilitator/privateStore.ts'
import { TimerDisplay, useTimer } from '../facilitator/Timer.tsx'
import { useBoardLocked } from '../facilitator/useBoardLocked.ts'
import { useVotingSync, useVotingView } from '../facilitator/votingState.tsx'
import { useLanguage, useT } from '../i18n/language.ts'
import { useConnection } from '../state/connection.ts'
import { useViewMode } from '../state/viewMode.ts'
import { recordsOf } from '../sync/docLayout.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { Notice } from '../ui/Notice.tsx'
import { RestoreNotice } from '../facilitator/RestoreNotice.tsx'
import { useCommitmentRound } from '../facilitator/concluding/useConcluding.ts'
import { useNotice } from '../ui/notice.ts'
import type { BoardConnection } from '../sync/connection.ts'
import { PRESENCE_FIELD, PRIVATE_NOTES_META_KEY } from '../sync/presenceField.ts'
import { usePresences, useRecords, useListBoard } from './useListBoard.ts'

// Only while the facilitator asks it: the commitment question's code comes when it is needed.
const CommitmentQuestion = lazy(() => import('../facilitator/concluding/CommitmentQuestion.tsx').then((m) => ({ default: m.CommitmentQuestion })))
import { ProgrammeStrip } from '../facilitator/programme/ProgrammeStrip.tsx'
import { frameBoundsOfRecords } from '../facilitator/programme/useProgramme.ts'
import { ownGroupFirst } from '../../shared/board/groups.ts'
import { ListGroupBanner } from '../facilitator/groups/ListGroupBanner.tsx'
import { useMyGroup } from '../facilitator/groups/useGroups.ts'

export interface ListViewProps {
  room: string
  /** Absent for a viewer (the read-only link), who only reads. */
  boardId?: string
  facilitatorKey?: string
  participantToken?: string
  title: string | null
  person?: Person
}

export function ListView({ room, boardId, facilitatorKey, participantToken, title, person }: ListViewProps) {
  const t = useT()
  const board = useListBoard(room, facilitatorKey, participantToken, person)
  const status = useConnection((s) => s.status)
  const choose = useViewMode((s) => s.choose)
  return (
    <div className="listview">
      <header className="listview__header">
        <div className="listview__heading">
          <a className="listview__home" href="/">
            {t('app.name')}
          </a>
          <h1 className="listview__title">{title ?? ''}</h1>
          {!person && <span className="badge badge--readonly">{t('board.readonly')}</span>}
        </div>
        <div className="listview__tools">
          <LanguageSwitch />
          <button type="button" className="button" onClick={() => choose('board')}>
            {t('list.toBoard')}
          </button>
        </div>
      </header>
      {board.phase === 'loading' ? (
        <>
          <div className="listview__status">
            <ConnectionIndicator />
          </div>
          <p className="board__message" role={status === 'refused' ? 'alert' : undefined}>
            {status === 'refused' ? t('connection.refused') : t('board.loading')}
          </p>
        </>
      ) : (
        <ListBody doc={board.doc} connection={board.connection} room={room} boardId={boardId} token={participantToken} person={person} facilitator={!!facilitatorKey} />
      )}
    </div>
  )
}

function ListTimer({ doc }: { doc: Y.Doc }) {
  const timer = useTimer(doc)
  return <TimerDisplay timer={timer} withSound={false} />
}

interface BodyProps {
  doc: Y.Doc
  connection: BoardConnection
  room: string
  boardId?: string
  token?: string
  person?: Person
  facilitator: boolean
}

function ListBody({ doc, connection, room, boardId, token, person, facilitator }: BodyProps) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const records = useRecords(doc)
  const presences = usePresences(connection)
  useDisplayNamesSync(doc)
  const names = useDisplayNames((s) => s.names)
  // Who writes from this page; a viewer only reads.
  const writer = person && boardId && token ? { person, boardId, token } : null
  useVotingSync(doc, writer && { boardId: writer.boardId, token: writer.token })
  const locked = useBoardLocked(doc)
  const privateRound = usePrivateRound(doc)
  const commitmentAsked = !!useCommitmentRound(doc)?.open
  const followMe = useBoardMapValue(doc, BoardMapKeys.followMe, (v) => (v && typeof v === 'object' ? (v as FollowMe) : null))
  const [kept, setKept] = useState<ReturnType<typeof noteRecord>[]>(() => loadKept<ReturnType<typeof noteRecord>>(room))
  const closedToMe = !writer || (locked && !facilitator)
  const myGroup = useMyGroup(doc, facilitator ? null : person?.authorId)

  const frames = useMemo(() => templateFramesOn(records), [records])
  const notes = useMemo(() => collectNotes([...records, ...kept], language, names), [records, kept, language, names])
  const byId = useMemo(() => new Map(records.map((r) => [(r as { id: string }).id, r as Record<string, unknown>])), [records])

  // Where the facilitator is: the middle of their view, while they ask everyone to follow, or the spot
  // they brought everyone to (a jump made while this page is open).
  const facilitatorView = useMemo(() => {
    const leader = presences.find((p) => (followMe ? p.userId === followMe.userId : (p.meta as { facilitator?: boolean } | undefined)?.facilitator))
    return leader ? viewCentre(leader) : null
  }, [presences, followMe?.userId])
  const [summoned, setSummoned] = useState<{ at: Point; id: string } | null>(null)
  useNewSummon(doc, ({ id, bounds }) => {
    setSummoned({ id, at: { x: bounds.x + bounds.w / 2, y: bounds.y + bounds.h / 2 } })
    window.scrollTo({ top: 0, behavior: 'smooth' })
  })
  // A jump is a moment, not a state: after a while the list goes back to its own order.
  useEffect(() => {
    if (!summoned) return
    const timer = setTimeout(() => setSummoned((s) => (s?.id === summoned.id ? null : s)), SUMMON_SHOWN_MS)
    return () => clearTimeout(timer)
  }, [summoned?.id])
  const shownByFacilitator = (followMe && facilitatorView) || summoned?.at
  const shownPlace = shownByFacilitator ? placeAt(frames, shownByFacilitator, language) : null
  const facilitatorPlace = facilitatorView ? placeAt(frames, facilitatorView, language) : null

  // Private notes go out once their round is revealed (or gone): each to a free spot, as the canvas does.
  useEffect(() => {
    if (facilitator || !writer || kept.length === 0) return
    const due = kept.filter((r) => !privateRound?.open || r.meta[PRIVATE_META_KEY] !== privateRound.id)
    if (due.length === 0) return
    const placed: unknown[] = records.filter((r) => !isPrivateRecord(r as { typeName?: string }))
    doc.transact(() => {
      for (const record of due) {
        const spot = respot(placed, { id: record.id, parentId: record.parentId, x: record.x, y: record.y, scale: record.props.scale }, language)
        // The mark is cleared, not removed, as the canvas does: the facilitator's page tells a late reveal by it.
        const meta = { ...record.meta, [PRIVATE_META_KEY]: null }
        const published = { ...record, ...(spot && !spot.full ? { x: spot.x, y: spot.y, props: { ...record.props, scale: spot.scale } } : {}), meta }
        placed.push(published)
        recordsOf(doc).set(record.id, published as never)
      }
    })
    const left = kept.filter((r) => !due.includes(r))
    saveKept(room, left)
    setKept(left)
  }, [privateRound?.id, privateRound?.open, kept, facilitator])

  // How many private notes wait here (a number, never their text), for the facilitator's count.
  useEffect(() => {
    const awareness = connection.provider.awareness
    const presence = awareness.getLocalState()?.[PRESENCE_FIELD] as { meta?: object } | undefined
    if (presence) awareness.setLocalStateField(PRESENCE_FIELD, { ...presence, meta: { ...presence.meta, [PRIVATE_NOTES_META_KEY]: kept.length } })
  }, [connection, kept.length])

  const sections = useMemo(() => {
    const all = buildMinutes(notes, frames, language)
    if (!shownPlace) return all
    // The part the facilitator is showing comes first.
    return [...all.filter((s) => s.template?.id === shownPlace.frame.id), ...all.filter((s) => s.template?.id !== shownPlace.frame.id)]
  }, [notes, frames, language, shownPlace?.frame.id])

  const write = (text: string, choice: string): boolean => {
    if (!writer) return false
    const { person } = writer
    const all = [...records]
    let spot
    if (choice === LOOSE) {
      spot = looseSpot(all, belowEverything(frames))
    } else {
      const [frameId, zoneId] = splitChoice(choice)
      const frame = frames.find((f) => f.id === frameId)
      spot = frame && spotInZone([...all, ...kept], frame, zoneId, language)
      if (!frame || !spot) {
        useNotice.getState().show(t('list.zoneGone'))
        return false
      }
      if (spot.full) {
        const zone = zonesOf(frame, language).find((z) => z.id === zoneId)
        useNotice.getState().show(t('zones.full', { zone: zone?.label ?? '' }))
        return false
      }
    }
    const record = noteRecord(all, {
      id: newShapeId(),
      spot,
      text,
      colour: person.colour,
      author: { authorId: person.authorId, author: person.author, organisation: person.organisation },
      privateRound: privateRound?.open && !facilitator ? privateRound.id : undefined,
    })
    if (record.meta[PRIVATE_META_KEY]) {
      const next = [...kept, record]
      saveKept(room, next)
      setKept(next)
    } else recordsOf(doc).set(record.id, record as never)
    return true
  }

  const edit = (id: string, text: string) => {
    const privateOne = kept.find((r) => r.id === id)
    if (privateOne) {
      const next = kept.map((r) => (r.id === id ? { ...r, props: { ...r.props, richText: plainToRichText(text) } } : r))
      saveKept(room, next)
      setKept(next)
      return
    }
    const record = byId.get(id)
    if (!record) return
    recordsOf(doc).set(id, { ...record, props: { ...(record.props as object), richText: plainToRichText(text) } } as never)
  }
  const remove = (id: string) => {
    if (kept.some((r) => r.id === id)) {
      const next = kept.filter((r) => r.id !== id)
      saveKept(room, next)
      setKept(next)
      return
    }
    recordsOf(doc).delete(id)
  }
  const isMine = (id: string) => {
    const record = kept.find((r) => r.id === id) ?? byId.get(id)
    return !!person && (record?.meta as { authorId?: string } | undefined)?.authorId === person.authorId
  }
  const isKept = (id: string) => kept.some((r) => r.id === id)
  const colourOf = (id: string) => String(((kept.find((r) => r.id === id) ?? byId.get(id))?.props as { color?: string } | undefined)?.color ?? 'yellow')

  return (
    <>
    {/* What is going on stays in sight while the list scrolls: connection, timer, the round, the facilitator's spot. */}
    <div className="listview__status">
      <div className="listview__statusline">
        <ConnectionIndicator />
        <ListTimer doc={doc} />
      </div>
      <ProgrammeStrip doc={doc} facilitator={facilitator} frameBounds={() => frameBoundsOfRecords(records)} />
      <Notice />
      <RestoreNotice doc={doc} />
      {locked && (
        <p className="closed-banner" role="status">
          {facilitator ? t('lock.closedFacilitator') : t('lock.closed')}
        </p>
      )}
      <RoundBanner facilitator={facilitator} privateOpen={!!privateRound?.open} />
      {person && !facilitator && <ListGroupBanner doc={doc} authorId={person.authorId} />}
      {shownPlace && (
        <p className="board-banner listview__shown" role="status">
          {t(followMe ? 'list.following' : 'list.summoned', { place: placeLabel(shownPlace, language) })}
        </p>
      )}
    </div>
    <main className="listview__main">
      {!closedToMe && writer && !facilitator && commitmentAsked && (
        <Suspense fallback={null}>
          <CommitmentQuestion doc={doc} person={writer.person} variant="list" />
        </Suspense>
      )}
      {!closedToMe && writer && <WriteNote frames={ownGroupFirst(frames, myGroup)} first={myGroup ? null : (facilitatorPlace?.frame.id ?? null)} person={writer.person} onWrite={write} />}
      {sections.length === 0 ? (
        <p className="listview__empty">{t('list.empty')}</p>
      ) : (
        sections.map((section) => (
          <Section
            key={section.template?.id ?? 'loose'}
            section={section}
            shownZone={section.template?.id === shownPlace?.frame.id ? (shownPlace?.zone?.id ?? null) : null}
            note={(note) => (
              <NoteItem
                key={note.id}
                note={note}
                colour={colourOf(note.id)}
                mine={isMine(note.id) && !closedToMe}
                kept={isKept(note.id)}
                onEdit={(text) => edit(note.id, text)}
                onDelete={() => remove(note.id)}
              />
            )}
          />
        ))
      )}
    </main>
    </>
  )
}

const LOOSE = 'loose'
/** How long the part the facilitator brought everyone to stays at the top of the list. */
const SUMMON_SHOWN_MS = 2 * 60_000
const choiceOf = (frameId: string, zoneId: string) => `${frameId}|${zoneId}`
const splitChoice = (choice: string): [string, string] => {
  const at = choice.indexOf('|')
  return [choice.slice(0, at), choice.slice(at + 1)]
}

/** The middle of what a presence's screen shows, in page coordinates (tldraw: page = screen / z − camera). */
function viewCentre(presence: Record<string, unknown>): Point | null {
  const camera = presence.camera as { x: number; y: number; z: number } | null | undefined
  const screen = presence.screenBounds as { w: number; h: number } | null | undefined
  if (!camera || !screen || !(camera.z > 0)) return null
  return { x: screen.w / 2 / camera.z - camera.x, y: screen.h / 2 / camera.z - camera.y }
}

/** A loose note from the list goes under the templates, not over one of them. */
function belowEverything(frames: BoardFrame[]): Point {
  if (frames.length === 0) return { x: 0, y: 0 }
  const left = Math.min(...frames.map((f) => f.placement.x))
  const bottom = Math.max(...frames.map((f) => f.placement.y + f.size.h))
  return { x: left + 150, y: bottom + 200 }
}

function placeLabel(place: { frame: BoardFrame; zone: { label: string } | null }, language: Language): string {
  const name = shownFrameName(place.frame.name, place.frame.kind, language)
  return place.zone ? `${name} — ${place.zone.label}` : name
}

function RoundBanner({ facilitator, privateOpen }: { facilitator: boolean; privateOpen: boolean }) {
  const t = useT()
  const { round, mine, vote } = useVotingView()
  return (
    <>
      {round?.open && vote && (
        <p className="board-banner" role="status">
          {t('list.votesLeft', { left: round.votesPerPerson - mine.length, total: round.votesPerPerson })}
        </p>
      )}
      {privateOpen && (
        <p className="board-banner" role="status">
          {facilitator ? t('private.runningFacilitator') : t('private.running')}
        </p>
      )}
    </>
  )
}

function WriteNote({ frames, first, person, onWrite }: { frames: BoardFrame[]; first: string | null; person: Person; onWrite(text: string, choice: string): boolean }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const [text, setText] = useState('')
  const [choice, setChoice] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [placed, setPlaced] = useState<string | null>(null)
  // The template the facilitator is showing first, then the others in reading order.
  const ordered = first ? [...frames.filter((f) => f.id === first), ...frames.filter((f) => f.id !== first)] : frames
  const groups = ordered.map((frame) => ({ frame, name: shownFrameName(frame.name, frame.kind, language), zones: zonesOf(frame, language) }))
  const chosen = frames.length === 0 ? LOOSE : choice
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setPlaced(null)
    if (!text.trim()) return setProblem(t('list.noText'))
    if (!chosen) return setProblem(t('list.noZone'))
    setProblem(null)
    if (!onWrite(text.trim(), chosen)) return
    const [frameId, zoneId] = chosen === LOOSE ? ['', ''] : splitChoice(chosen)
    const group = groups.find((g) => g.frame.id === frameId)
    const zone = group?.zones.find((z) => z.id === zoneId)
    setPlaced(zone && group ? t('list.placed', { place: `${group.name} — ${zone.label}` }) : t('list.placedLoose'))
    setText('')
  }
  return (
    <form className="listview__write card" onSubmit={submit} aria-labelledby="write-heading">
      <h2 id="write-heading">{t('list.write')}</h2>
      <p className="listview__as">{t('board.you', { name: person.author, organisation: person.organisation })}</p>
      <label className="field">
        <span>{t('list.text')}</span>
        <textarea value={text} rows={3} maxLength={2000} onChange={(e) => setText(e.target.value)} />
      </label>
      {frames.length > 0 && (
        <label className="field">
          <span>{t('list.zone')}</span>
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{t('list.chooseZone')}</option>
            {groups.map(({ frame, name, zones }) => (
              <optgroup key={frame.id} label={name}>
                {zones.map((zone) => (
                  <option key={zone.id} value={choiceOf(frame.id, zone.id)}>
                    {zone.label}
                  </option>
                ))}
              </optgroup>
            ))}
            <option value={LOOSE}>{t('list.loose')}</option>
          </select>
        </label>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button button--primary button--large">
        {t('list.place')}
      </button>
      <p className="listview__placed" role="status">
        {placed}
      </p>
    </form>
  )
}

function Section({ section, shownZone, note }: { section: MinutesSection; shownZone: string | null; note(n: NoteReport): React.ReactNode }) {
  const t = useT()
  // The minutes already name a template in the reader's language.
  const heading = section.template ? section.template.name : t('list.looseHeading')
  return (
    <section className="listview__section" aria-label={heading} data-frame-id={section.template?.id} tabIndex={-1}>
      <h2>{heading}</h2>
      {section.groups.map((group) => (
        // Listed per organisation (the coalition spectrum), one zone appears once per organisation.
        <div key={`${group.organisation ?? ''}|${group.zoneId ?? 'none'}`} className={`listview__group${group.zoneId && group.zoneId === shownZone ? ' listview__group--shown' : ''}`}>
          {section.template && <h3>{group.heading}</h3>}
          {group.notes.length === 0 ? <p className="listview__none">{t('list.noNotes')}</p> : <ul className="listview__notes">{group.notes.map(note)}</ul>}
        </div>
      ))}
    </section>
  )
}

interface NoteItemProps {
  note: NoteReport
  colour: string
  mine: boolean
  kept: boolean
  onEdit(text: string): void
  onDelete(): void
}

function NoteItem({ note, colour, mine, kept, onEdit, onDelete }: NoteItemProps) {
  const t = useT()
  const [editing, setEditing] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  return (
    <li className="list-note" style={{ borderInlineStartColor: ORGANISATION_COLOUR_HEX[colour as OrganisationColour] }}>
      {editing === null ? (
        <p className="list-note__text">{note.text || '—'}</p>
      ) : (
        <label className="field">
          <span className="visually-hidden">{t('list.text')}</span>
          <textarea value={editing} rows={3} autoFocus onChange={(e) => setEditing(e.target.value)} />
        </label>
      )}
      <p className="list-note__by">
        {note.author ?? t('list.unknownAuthor')}
        {note.organisation ? ` · ${note.organisation}` : ''}
        {kept && <span className="badge"> {t('private.badge')}</span>}
      </p>
      <Votes noteId={note.id} />
      {mine && (
        <div className="list-note__actions">
          {editing !== null ? (
            <>
              <button
                type="button"
                className="button button--primary"
                onClick={() => {
                  onEdit(editing)
                  setEditing(null)
                }}
              >
                {t('list.save')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setEditing(null)}>
                {t('zones.cancel')}
              </button>
            </>
          ) : confirming ? (
            <>
              <button type="button" className="button button--danger" onClick={onDelete}>
                {t('list.deleteSure')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                {t('zones.cancel')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button" onClick={() => setEditing(note.text)}>
                {t('list.edit')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setConfirming(true)}>
                {t('list.delete')}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  )
}

/** Big buttons to give and take back a dot, this person's dots on the note, and the count once shown. */
function Votes({ noteId }: { noteId: string }) {
  const t = useT()
  const { round, counts, mine, showCounts, vote } = useVotingView()
  if (!round) return null
  const count = counts.get(noteId) ?? 0
  const myDots = mine.filter((id) => id === noteId).length
  const canAdd = round.open && !!vote && mine.length < round.votesPerPerson && (round.allowStacking || myDots === 0)
  return (
    <div className="list-note__votes">
      {showCounts && <span className="list-note__count">{t('list.votes', { count })}</span>}
      {round.open && vote && (
        <>
          {myDots > 0 && <span className="list-note__mine">{t('list.myVotes', { count: myDots })}</span>}
          <button type="button" className="button button--vote" disabled={!canAdd} onClick={() => vote.add(noteId)}>
            {t('list.vote')}
          </button>
          {myDots > 0 && (
            <button type="button" className="button button--vote" onClick={() => vote.remove(noteId)}>
              {t('list.unvote')}
            </button>
          )}
        </>
      )}
    </div>
  )
}
