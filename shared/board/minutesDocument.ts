/**
 * The minutes as one model: who took part, the programme part by part (its templates, their notes by
 * zone, how long each part took), the groups, the vote, the commitment table and the follow-up
 * agreements. The PDF, the Word document and the Markdown are all written from this, so they cannot
 * disagree. Pure: it reads the board's plain records and maps, on the server and in the page alike.
 */
import type * as Y from 'yjs'
import { translate, type Language, type MessageKey } from '../i18n/index.ts'
import { BoardMapKeys, DocKeys, ORGANISATION_COLOUR_HEX, organisationKey, type OrganisationEntry, type PersonEntry } from '../protocol.ts'
import { shownFrameName } from '../templates/names.ts'
import type { TemplateKind } from '../templates/types.ts'
import { countVoters, isVotingRound, ranking, tally } from '../voting.ts'
import { agreementsByOwner, isAgreements, type Agreement } from './agreements.ts'
import { COMMITMENT_LEVELS, commitmentTable, isCommitmentRound } from './commitment.ts'
import { groupOfFrame, isGroupsState } from './groups.ts'
import { buildMinutes, type MinutesSection } from './minutes.ts'
import { collectNotes, displayNamesFrom, type NoteReport } from './notes.ts'
import { templateFramesOn } from './placeNote.ts'
import { isProgramme, partTitle, partTookMs, type ProgrammePart } from './programme.ts'

/** What the minutes are made from: the board's records and shared maps, read plainly. */
export interface MinutesSource {
  title: string
  records: Iterable<unknown>
  /** A value of the board map. */
  board(key: string): unknown
  organisations: Iterable<unknown>
  people: Iterable<[string, unknown]>
  votes: Iterable<[string, unknown]>
  commitments: Iterable<[string, unknown]>
}

/** The source from a board's Y.Doc; `records` are its tldraw records (the caller keeps the one key-value view of them). */
export function minutesSourceOf(doc: Y.Doc, records: Iterable<unknown>, title: string): MinutesSource {
  const board = doc.getMap<unknown>(DocKeys.board)
  return {
    title,
    records,
    board: (key) => board.get(key),
    organisations: doc.getMap<unknown>(DocKeys.organisations).values(),
    people: doc.getMap<unknown>(DocKeys.people).entries(),
    votes: doc.getMap<unknown>(DocKeys.votes).entries(),
    commitments: doc.getMap<unknown>(DocKeys.commitments).entries(),
  }
}

export interface MinutesOptions {
  language: Language
  /** Server time now (ms), for a part still running. */
  now: number
  /** Only these template frames (a PDF of the selection); the parts without them are left out. */
  frameIds?: ReadonlySet<string>
}

export interface MinutesTemplateSection extends MinutesSection {
  /** The group whose own frame this is. */
  group: { name: string; members: string[] } | null
}

export interface MinutesPart {
  /** The part's title; for what lies in no part, "Overige onderdelen van het bord". */
  heading: string
  /** False for the trailing part that holds what no programme part lists (or everything, without a programme). */
  programmed: boolean
  plannedMinutes: number | null
  /** Whole minutes, rounded; null when the part was not held. */
  tookMinutes: number | null
  running: boolean
  /** "Gepland: 20 min · duurde 23 min", or null for the trailing part. */
  timing: string | null
  sections: MinutesTemplateSection[]
}

export interface MinutesAgreement {
  what: string
  /** The organisation, or "Nog niet belegd". */
  owner: string
  assigned: boolean
  due: string
  kind: string
}

export interface MinutesDocument {
  title: string
  language: Language
  /** The day of the workshop, written out ("2 december 2026"). */
  date: string
  noteCount: number
  participants: { name: string; colour: string | null; people: string[] }[]
  /** True when the board has a programme: the parts then follow it. */
  hasProgramme: boolean
  parts: MinutesPart[]
  groups: { name: string; members: string[]; frameName: string | null }[]
  /** Votes per note id (only when the results may be seen). */
  voteCounts: Record<string, number>
  votes: { perPerson: number; voters: number; open: boolean; ranked: { note: NoteReport; votes: number; where: string }[] } | null
  commitment: { question: string; rows: { organisation: string; level: string | null; remark: string; by: string }[] } | null
  agreements: {
    owned: { owner: string; items: MinutesAgreement[] }[]
    unassigned: MinutesAgreement[]
    count: number
    /** "12 maart 2027 — 14:00, stadhuis", or null when not planned. */
    nextMeeting: string | null
  }
}

function locale(language: Language): string {
  return language === 'nl' ? 'nl-NL' : 'en-GB'
}

export function formatDay(date: Date, language: Language): string {
  return date.toLocaleDateString(locale(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' })
}

function formatIsoDay(iso: string, language: Language): string {
  const date = new Date(`${iso}T12:00:00Z`)
  return Number.isNaN(date.getTime()) ? iso : formatDay(date, language)
}

/** A due date typed as a date reads as one; words stay as typed. */
function formatDue(due: string, language: Language): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(due) ? formatIsoDay(due, language) : due
}

/** "Anne · Gemeente Utrecht · 3 stemmen": who wrote a note (and its votes), as every format prints it. */
export function noteByline(note: NoteReport, language: Language, votes = 0): string {
  const by = note.author
    ? translate(language, 'note.byline', { author: note.author, organisation: note.organisation ?? '' }).replace(/ · $/, '')
    : translate(language, 'export.pdf.unknownAuthor')
  return votes > 0 ? `${by} · ${translate(language, 'export.pdf.votes', { count: votes })}` : by
}

export function buildMinutesDocument(source: MinutesSource, options: MinutesOptions): MinutesDocument {
  const { language, now } = options
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(language, key, vars)
  const displayNames = displayNamesFrom(source.board(BoardMapKeys.displayNames))
  const allNotes = collectNotes(source.records, language, displayNames)
  const allFrames = templateFramesOn(source.records)
  const frames = options.frameIds ? allFrames.filter((f) => options.frameIds!.has(f.id)) : allFrames
  const notes = options.frameIds ? allNotes.filter((n) => n.template && options.frameIds!.has(n.template.id)) : allNotes
  const sections = buildMinutes(notes, frames, language)

  const programmeValue = source.board(BoardMapKeys.programme)
  const programme = isProgramme(programmeValue) && programmeValue.parts.length > 0 ? programmeValue : null
  const groupsValue = source.board(BoardMapKeys.groups)
  const groupsState = isGroupsState(groupsValue) ? groupsValue : null

  const people = new Map<string, PersonEntry>()
  for (const [id, value] of source.people) {
    const person = value as Partial<PersonEntry> | null
    if (typeof person?.name === 'string' && typeof person.organisation === 'string') people.set(id, person as PersonEntry)
  }
  const nameOf = (authorId: string) => displayNames[authorId] || people.get(authorId)?.name || authorId

  const withGroup = (section: MinutesSection): MinutesTemplateSection => {
    const group = section.template ? groupOfFrame(groupsState, section.template.id) : null
    return { ...section, group: group ? { name: group.name, members: group.members.map(nameOf).sort((a, b) => a.localeCompare(b, 'nl')) } : null }
  }
  const templateSections = sections.filter((s) => s.template).map(withGroup)
  const looseSections = sections.filter((s) => !s.template).map(withGroup)

  // The programme's parts, each with the sections of the frames it lists (a frame listed twice: the first part).
  const parts: MinutesPart[] = []
  const claimed = new Set<string>()
  if (programme) {
    for (const part of programme.parts) {
      const own = part.frameIds.filter((id) => !claimed.has(id))
      own.forEach((id) => claimed.add(id))
      const partSections = own.map((id) => templateSections.find((s) => s.template!.id === id)).filter((s): s is MinutesTemplateSection => !!s)
      if (options.frameIds && partSections.length === 0) continue
      parts.push(programmePart(part, partSections))
    }
  }
  const rest = [...templateSections.filter((s) => !claimed.has(s.template!.id)), ...looseSections]
  if (rest.length > 0) {
    parts.push({ heading: t('minutes.otherParts'), programmed: false, plannedMinutes: null, tookMinutes: null, running: false, timing: null, sections: rest })
  }

  function programmePart(part: ProgrammePart, partSections: MinutesTemplateSection[]): MinutesPart {
    const took = partTookMs(part, now)
    const tookMinutes = took === null ? null : Math.round(took / 60_000)
    const running = programme!.currentId === part.id
    const planned = part.minutes
    const timing =
      tookMinutes === null
        ? t(laterPartHeld(part) ? 'minutes.partSkipped' : 'minutes.partPlanned', { planned })
        : t(running ? 'minutes.partRunning' : 'minutes.partTook', { planned, took: tookMinutes })
    return { heading: partTitle(part, language), programmed: true, plannedMinutes: planned, tookMinutes, running, timing, sections: partSections }
  }

  /** A part not held while a later one was: skipped. */
  function laterPartHeld(part: ProgrammePart): boolean {
    const index = programme!.parts.indexOf(part)
    return programme!.parts.slice(index + 1).some((p) => p.startedAt !== null)
  }

  // The vote, as far as it may be seen: closed, or open with its counts shown.
  const round = source.board(BoardMapKeys.voting)
  const voteEntries = [...source.votes]
  let votes: MinutesDocument['votes'] = null
  const voteCounts: Record<string, number> = {}
  if (isVotingRound(round) && !(round.open && round.hideResults)) {
    const counts = tally(round, voteEntries)
    for (const [id, count] of counts) voteCounts[id] = count
    const ordered = sections.flatMap((s) => s.groups.flatMap((g) => g.notes))
    const ranked = ranking(counts, ordered).map(({ note, votes: count }) => ({
      note,
      votes: count,
      where: note.template ? [shownFrameName(note.template.name, note.template.kind as TemplateKind, language), note.zone?.label].filter(Boolean).join(' — ') : t('minutes.loose'),
    }))
    // For a selection, only when its notes got votes.
    if (!options.frameIds || ranked.length > 0) votes = { perPerson: round.votesPerPerson, voters: countVoters(round, voteEntries), open: round.open, ranked }
  }

  const organisations = [...source.organisations]
    .filter((o): o is OrganisationEntry => !!o && typeof o === 'object' && typeof (o as OrganisationEntry).name === 'string')
    .sort((a, b) => a.index - b.index)

  // Commitment: when the question was asked or anyone answered.
  const commitmentRound = source.board(BoardMapKeys.commitment)
  const answers = [...source.commitments]
  let commitment: MinutesDocument['commitment'] = null
  if (!options.frameIds && (isCommitmentRound(commitmentRound) || answers.length > 0)) {
    const question = (isCommitmentRound(commitmentRound) && commitmentRound.question) || t('commitment.defaultQuestion')
    commitment = {
      question,
      rows: commitmentTable(organisations, answers).map(({ organisation, answer }) => ({
        organisation,
        level: answer && (COMMITMENT_LEVELS as readonly string[]).includes(answer.level) ? t(`commitment.level.${answer.level}`) : null,
        remark: answer?.remark ?? '',
        by: answer ? (answer.by && displayNames[answer.by]) || answer.name : '',
      })),
    }
  }

  const agreementsValue = source.board(BoardMapKeys.agreements)
  const agreementsState = isAgreements(agreementsValue) ? agreementsValue : { items: [], nextMeeting: null }
  const line = (a: Agreement): MinutesAgreement => ({
    what: a.what,
    owner: a.owner ?? t('agreements.unassigned'),
    assigned: a.owner !== null,
    due: formatDue(a.due, language),
    kind: t(`agreements.kind.${a.kind}`),
  })
  const byOwner = agreementsByOwner(options.frameIds ? [] : agreementsState.items)
  const next = options.frameIds ? null : agreementsState.nextMeeting
  const nextMeeting = next && (next.date || next.note.trim()) ? [next.date ? formatIsoDay(next.date, language) : '', next.note.trim()].filter(Boolean).join(' — ') : null

  return {
    title: source.title,
    language,
    date: workshopDay(allNotes, programme?.parts ?? [], now, language),
    noteCount: notes.length,
    participants: participantsOf(organisations, people, displayNames, notes),
    hasProgramme: !!programme,
    parts,
    groups: (options.frameIds ? [] : (groupsState?.groups ?? [])).map((g) => ({
      name: g.name,
      members: g.members.map(nameOf).sort((a, b) => a.localeCompare(b, 'nl')),
      frameName: g.frameId ? (allFrames.find((f) => f.id === g.frameId)?.name ?? null) : null,
    })),
    voteCounts,
    votes,
    commitment,
    agreements: {
      owned: byOwner.owned.map(({ owner, items }) => ({ owner, items: items.map(line) })),
      unassigned: byOwner.unassigned.map(line),
      count: byOwner.owned.reduce((n, o) => n + o.items.length, 0) + byOwner.unassigned.length,
      nextMeeting,
    },
  }
}

/** The day of the workshop: the first part's start, else the first note's day, else today. */
function workshopDay(notes: NoteReport[], parts: ProgrammePart[], now: number, language: Language): string {
  const started = parts.map((p) => p.startedAt).filter((s): s is number => s !== null && s > 0)
  const firstNote = notes.map((n) => n.createdAt).filter((d): d is string => !!d).sort()[0]
  const when = started.length ? Math.min(...started) : firstNote ? Date.parse(firstNote) : now
  return formatDay(new Date(Number.isFinite(when) ? when : now), language)
}

/** The organisations in order of arrival, with everyone who joined (as renamed) and every note's author. */
function participantsOf(
  organisations: OrganisationEntry[],
  people: Map<string, PersonEntry>,
  displayNames: Readonly<Record<string, string>>,
  notes: NoteReport[],
): MinutesDocument['participants'] {
  const byKey = new Map<string, { name: string; colour: string | null; people: Set<string> }>()
  for (const entry of organisations) byKey.set(organisationKey(entry.name), { name: entry.name, colour: ORGANISATION_COLOUR_HEX[entry.colour] ?? null, people: new Set() })
  const add = (person: string, organisation: string) => {
    const key = organisationKey(organisation)
    const found = byKey.get(key) ?? { name: organisation, colour: null, people: new Set<string>() }
    byKey.set(key, found)
    found.people.add(person)
  }
  for (const [authorId, person] of people) add(displayNames[authorId] || person.name, person.organisation)
  for (const note of notes) if (note.author) add(note.author, note.organisation ?? '')
  return [...byKey.values()].map((o) => ({ name: o.name, colour: o.colour, people: [...o.people].sort((a, b) => a.localeCompare(b, 'nl')) }))
}
