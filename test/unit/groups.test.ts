import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { moveToGroup, partnersOf, readGroups, withFramesInCurrentPart } from '../../client/facilitator/groups/groupsDoc.ts'
import { MAX_FRAMES_PER_PART, type Programme } from '../../shared/board/programme.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import { assignEvenly, groupOf, isGroupsState, movePartner, ownGroupFirst, type GroupsState, type Partner } from '../../shared/board/groups.ts'

const person = (authorId: string, organisation: string, name = authorId): Partner => ({ authorId, name, organisation })

/** Twelve people from four organisations of different sizes. */
const workshop: Partner[] = [
  person('g1', 'Gemeente Utrecht'),
  person('g2', 'Gemeente Utrecht'),
  person('g3', 'gemeente utrecht '),
  person('g4', 'Gemeente Utrecht'),
  person('g5', 'Gemeente Utrecht'),
  person('w1', 'Woonstichting'),
  person('w2', 'Woonstichting'),
  person('w3', 'Woonstichting'),
  person('z1', 'Zorggroep Noord'),
  person('z2', 'Zorggroep Noord'),
  person('b1', 'Bewonersraad'),
  person('b2', 'Bewonersraad'),
]

const orgOf = (id: string) => workshop.find((p) => p.authorId === id)!.organisation.trim().toLowerCase()

function state(groups: { id: string; members: string[]; frameId?: string | null }[], active = true): GroupsState {
  return { id: 'split1', active, groups: groups.map((g) => ({ id: g.id, name: `Thema ${g.id}`, members: g.members, frameId: g.frameId === undefined ? `shape:${g.id}` : g.frameId })) }
}

describe('assignEvenly', () => {
  for (const count of [2, 3, 4, 5, 8]) {
    it(`${count} groups: sizes differ by at most one, everyone is in exactly one group`, () => {
      const groups = assignEvenly(workshop, count)
      expect(groups).toHaveLength(count)
      const sizes = groups.map((g) => g.length)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      expect(groups.flat().sort()).toEqual(workshop.map((p) => p.authorId).sort())
    })

    it(`${count} groups: an organisation with n people is in min(n, ${count}) groups`, () => {
      const groups = assignEvenly(workshop, count)
      const sizes = new Map<string, number>()
      for (const p of workshop) sizes.set(orgOf(p.authorId), (sizes.get(orgOf(p.authorId)) ?? 0) + 1)
      for (const [organisation, n] of sizes) {
        const groupsWithIt = groups.filter((g) => g.some((id) => orgOf(id) === organisation)).length
        expect(groupsWithIt, organisation).toBe(Math.min(n, count))
      }
    })
  }

  it('is the same split whatever order people joined in', () => {
    const reversed = assignEvenly([...workshop].reverse(), 3)
    const shuffled = assignEvenly([workshop[5], workshop[0], workshop[11], ...workshop.slice(6, 11), ...workshop.slice(1, 5)], 3)
    expect(reversed).toEqual(assignEvenly(workshop, 3))
    expect(shuffled).toEqual(assignEvenly(workshop, 3))
  })

  it('with nobody there: empty groups, as many as asked', () => {
    expect(assignEvenly([], 3)).toEqual([[], [], []])
  })

  it('more groups than people: one each, the rest empty', () => {
    const groups = assignEvenly(workshop.slice(0, 3), 5)
    expect(groups.map((g) => g.length)).toEqual([1, 1, 1, 0, 0])
  })
})

describe('movePartner', () => {
  const split = state([
    { id: 'a', members: ['g1', 'w1'] },
    { id: 'b', members: ['z1'] },
  ])

  it('moves a partner from one group to another, nobody else', () => {
    const moved = movePartner(split, 'w1', 'b')
    expect(moved.groups.map((g) => g.members)).toEqual([['g1'], ['z1', 'w1']])
    expect(isGroupsState(moved)).toBe(true)
  })

  it('adds someone who was in no group (a late arrival), and takes someone out with null', () => {
    expect(movePartner(split, 'b1', 'a').groups[0].members).toEqual(['g1', 'w1', 'b1'])
    expect(movePartner(split, 'g1', null).groups.map((g) => g.members)).toEqual([['w1'], ['z1']])
  })

  it('leaves the split itself (id, active, names, frames) as it was', () => {
    const moved = movePartner(split, 'g1', 'b')
    expect({ ...moved, groups: moved.groups.map((g) => ({ ...g, members: [] })) }).toEqual({ ...split, groups: split.groups.map((g) => ({ ...g, members: [] })) })
  })
})

describe('groupOf and ownGroupFirst', () => {
  const split = state([
    { id: 'a', members: ['g1'] },
    { id: 'b', members: ['w1'] },
  ])

  it('finds the partner’s group while the groups work apart', () => {
    expect(groupOf(split, 'w1')?.name).toBe('Thema b')
    expect(groupOf(split, 'z9')).toBeNull()
    expect(groupOf(split, null)).toBeNull()
    expect(groupOf(null, 'w1')).toBeNull()
  })

  it('after "back to the plenary" nobody is in a group any more', () => {
    expect(groupOf({ ...split, active: false }, 'w1')).toBeNull()
  })

  it('puts the own group’s frame first, the others in the order they came', () => {
    const frames = [{ id: 'shape:x' }, { id: 'shape:a' }, { id: 'shape:y' }, { id: 'shape:b' }]
    expect(ownGroupFirst(frames, groupOf(split, 'w1')).map((f) => f.id)).toEqual(['shape:b', 'shape:x', 'shape:a', 'shape:y'])
    expect(ownGroupFirst(frames, null).map((f) => f.id)).toEqual(frames.map((f) => f.id))
    // A group whose frame is gone changes nothing.
    expect(ownGroupFirst(frames, { ...split.groups[0], frameId: 'shape:gone' }).map((f) => f.id)).toEqual(frames.map((f) => f.id))
  })
})

describe('isGroupsState', () => {
  it('accepts two to eight groups', () => {
    expect(isGroupsState(state([{ id: 'a', members: ['g1'] }, { id: 'b', members: [] }]))).toBe(true)
    expect(isGroupsState(state(Array.from({ length: 8 }, (_, i) => ({ id: `g${i}`, members: [] }))))).toBe(true)
    expect(isGroupsState(state([{ id: 'a', members: [], frameId: null }, { id: 'b', members: [], frameId: null }], false))).toBe(true)
  })

  it('refuses one group, nine groups, someone in two groups, one frame for two groups, a bad author id', () => {
    expect(isGroupsState(state([{ id: 'a', members: ['g1'] }]))).toBe(false)
    expect(isGroupsState(state(Array.from({ length: 9 }, (_, i) => ({ id: `g${i}`, members: [] }))))).toBe(false)
    expect(isGroupsState(state([{ id: 'a', members: ['g1'] }, { id: 'b', members: ['g1'] }]))).toBe(false)
    expect(isGroupsState(state([{ id: 'a', members: [], frameId: 'shape:same' }, { id: 'b', members: [], frameId: 'shape:same' }]))).toBe(false)
    expect(isGroupsState(state([{ id: 'a', members: ['not an id!'] }, { id: 'b', members: [] }]))).toBe(false)
  })

  it('refuses an empty sub-theme, duplicate group ids and what is not a split at all', () => {
    const good = state([{ id: 'a', members: [] }, { id: 'b', members: [] }])
    expect(isGroupsState({ ...good, groups: [{ ...good.groups[0], name: '  ' }, good.groups[1]] })).toBe(false)
    expect(isGroupsState({ ...good, groups: [good.groups[0], { ...good.groups[1], id: 'a' }] })).toBe(false)
    expect(isGroupsState({ ...good, active: 'yes' })).toBe(false)
    expect(isGroupsState(null)).toBe(false)
    expect(isGroupsState([good])).toBe(false)
  })
})

describe('the groups on a bare doc (the facilitator’s page)', () => {
  it('the partners are who joined, in order of arrival, without the facilitator at this screen', () => {
    const doc = new Y.Doc()
    const people = doc.getMap(DocKeys.people)
    people.set('karim', { name: 'Karim', organisation: 'Zorggroep Noord', joinedAt: '2026-03-01T10:02:00Z' })
    people.set('bas', { name: 'Bas', organisation: 'Procesbureau', joinedAt: '2026-03-01T10:00:00Z' })
    people.set('anne', { name: 'Anne', organisation: 'Gemeente Utrecht', joinedAt: '2026-03-01T10:01:00Z' })
    expect(partnersOf(doc, 'bas')).toEqual([
      { authorId: 'anne', name: 'Anne', organisation: 'Gemeente Utrecht' },
      { authorId: 'karim', name: 'Karim', organisation: 'Zorggroep Noord' },
    ])
  })

  it('moving a partner by hand writes a split the rules accept; without a split nothing is written', () => {
    const doc = new Y.Doc()
    expect(moveToGroup(doc, 'g1', 'a')).toBe(false)
    doc.getMap(DocKeys.board).set(BoardMapKeys.groups, state([{ id: 'a', members: [] }, { id: 'b', members: ['g1'] }]))
    expect(moveToGroup(doc, 'g1', 'a')).toBe(true)
    expect(readGroups(doc)?.groups.map((g) => g.members)).toEqual([['g1'], []])
    expect(moveToGroup(doc, 'late', 'b')).toBe(true)
    expect(readGroups(doc)?.groups.map((g) => g.members)).toEqual([['g1'], ['late']])
  })

  it('the group frames go into the programme part that is running, and only that one', () => {
    const part = (id: string, frameIds: string[] = []) => ({ id, title: id, preset: null, minutes: 10, frameIds, startedAt: null, endedAt: null })
    const programme: Programme = { parts: [part('begin', ['shape:ijsberg']), part('midden', ['shape:ijsberg'])], currentId: 'midden' }
    expect(withFramesInCurrentPart(programme, ['shape:a', 'shape:b'])?.parts.map((p) => p.frameIds)).toEqual([['shape:ijsberg'], ['shape:ijsberg', 'shape:a', 'shape:b']])
    expect(withFramesInCurrentPart({ ...programme, currentId: null }, ['shape:a'])).toBeNull()
    expect(withFramesInCurrentPart(undefined, ['shape:a'])).toBeNull()
    // A part holds at most MAX_FRAMES_PER_PART frames: the rest stay out rather than the programme being refused.
    const many = Array.from({ length: MAX_FRAMES_PER_PART + 3 }, (_, i) => `shape:f${i}`)
    expect(withFramesInCurrentPart(programme, many)?.parts[1].frameIds).toHaveLength(MAX_FRAMES_PER_PART)
  })
})
