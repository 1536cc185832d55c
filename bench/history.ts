/**
 * `npm run bench:history`: what a board's history costs, through the real room and SQLite store.
 *
 * 1. A 3-hour workshop of 40 partners: every 5 minutes each partner writes a note and rewords one of
 *    theirs, and the room keeps a version (36, plus one when everyone left). Stored bytes of the
 *    versions, the database file, and what thinning leaves of that afternoon 3 and 8 days later.
 * 2. A board of 2,000 notes with 37 versions: the time to list the versions (as the API answers), to read
 *    one for the preview, and to restore one after the facilitator wiped the board (including the
 *    'before-restore' version it keeps first).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { KeyValueArray } from '../shared/board/keyValue.ts'
import { DocKeys } from '../shared/protocol.ts'
import { log } from '../server/log.ts'
import { Room, type Peer } from '../server/rooms.ts'
import { SqliteStore } from '../server/store/sqlite.ts'
import { prepareBoardDoc } from '../server/tldrawSchema.ts'
import { versionDetail, versionInfo, versionsToThin } from '../server/versions.ts'
import { noteRecord } from '../test/helpers/records.ts'
import { int, kib, mib, ms, percentile, sortedCopy, table, type Row } from './lib/stats.ts'

const PARTNERS = 40
const INTERVALS = 36
const FIVE_MINUTES = 5 * 60 * 1000

// A line per version saved would bury the tables.
log.info = () => {}

const dir = mkdtempSync(join(tmpdir(), 'waterlijn-bench-history-'))
const file = join(dir, 'waterlijn.sqlite')
const store = new SqliteStore(file)

function peer(i: number): Peer {
  const facilitator = i < 0
  return {
    role: facilitator ? 'facilitator' : 'participant',
    identity: facilitator ? null : { authorId: `bench-author-${i}`, name: `Partner ${i}`, organisation: `Organisatie ${i % 20}` },
    send() {},
    close() {},
    repaired() {},
  }
}

function note(p: Peer, id: string, text: string, n: number) {
  const author = { authorId: p.identity!.authorId, author: p.identity!.name, organisation: p.identity!.organisation }
  return noteRecord(id, text, { x: (n % 40) * 220, y: Math.floor(n / 40) * 220 }, author)
}

let boards = 0
async function newRoom(): Promise<Room> {
  const id = `bench-history-board-${++boards}`
  const doc = new Y.Doc()
  doc.transact(() => prepareBoardDoc(doc, new KeyValueArray(doc.getArray(DocKeys.records))))
  const board = { id, viewId: `${id}-view`, title: 'Bench', keyHash: 'ab'.repeat(32), createdAt: new Date().toISOString(), locked: false }
  await store.createBoard(board, Y.encodeStateAsUpdate(doc))
  // Versions by hand here: the bench decides when five minutes have passed.
  return new Room(board, store, { compactAfterUpdates: 500, awarenessFlushMs: 50, versionIntervalMs: 0 }, await store.loadUpdates(id))
}

function fileBytes(): number {
  return [file, `${file}-wal`].reduce((n, f) => {
    try {
      return n + statSync(f).size
    } catch {
      return n
    }
  }, 0)
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now()
  const value = await fn()
  return [value, performance.now() - start]
}

// 1. The workshop.
const workshop = await newRoom()
const partners = Array.from({ length: PARTNERS }, (_, i) => peer(i))
for (const p of partners) workshop.addPeer(p)
let written = 0
for (let interval = 0; interval < INTERVALS; interval++) {
  for (const [i, p] of partners.entries()) {
    workshop.doc.transact(() => workshop.records.set(`shape:w-${i}-${interval}`, note(p, `shape:w-${i}-${interval}`, `Gedachte ${interval} van partner ${i} over de gezamenlijke ambitie`, written++)), p)
    const own = Math.floor(Math.random() * (interval + 1))
    workshop.doc.transact(() => workshop.records.set(`shape:w-${i}-${own}`, note(p, `shape:w-${i}-${own}`, `Gedachte ${own} van partner ${i}, herschreven in ronde ${interval}`, i * INTERVALS + own)), p)
  }
  await workshop.flush()
  await workshop.saveVersion('auto')
}
for (const p of partners) workshop.removePeer(p)
await workshop.saveVersion('unload')
await workshop.compactNow()
const workshopVersions = await store.listVersions(workshop.board.id)
const versionBytes = workshopVersions.reduce((n, v) => n + v.bytes, 0)
// The same 37 versions, a week on: what thinning leaves of that afternoon.
const start = Date.parse('2026-12-01T13:00:00.000Z')
const spaced = workshopVersions.map((v, i) => ({ ...v, createdAt: new Date(start + i * FIVE_MINUTES).toISOString() }))
const DAY = 24 * 60 * 60 * 1000
const keptAfter = (days: number) => {
  const thin = new Set(versionsToThin(spaced, start + days * DAY))
  const kept = spaced.filter((v) => !thin.has(v.id))
  return `${kept.length} (${kib(kept.reduce((n, v) => n + v.bytes, 0))})`
}
const workshopRows: Row[] = [
  ['partners, notes at the end', `${PARTNERS}, ${int(workshop.records.map.size - 2)}`],
  ['versions kept', int(workshopVersions.length)],
  ['last version, stored', kib(workshopVersions[workshopVersions.length - 1].bytes)],
  ['all versions together (stored deflated)', kib(versionBytes)],
  ['the board itself (its compacted document)', kib(await store.storedBytes(workshop.board.id))],
  ['database file + WAL (both boards, with their updates)', mib(fileBytes())],
  ['versions left of that afternoon 3 days later (one an hour)', keptAfter(3)],
  ['versions left of that afternoon 8 days later (one a day)', keptAfter(8)],
]
workshop.destroy()

// 2. A board of 2,000 notes.
const big = await newRoom()
const writers = Array.from({ length: PARTNERS }, (_, i) => peer(i))
for (const p of writers) big.addPeer(p)
for (let n = 0; n < 2000; n++) {
  const p = writers[n % PARTNERS]
  if (n % 56 === 0) await big.saveVersion('auto')
  big.doc.transact(() => big.records.set(`shape:n-${n}`, note(p, `shape:n-${n}`, `Notitie ${n}: wat we samen willen bereiken`, n)), p)
}
await big.flush()
const full = await big.saveVersion('manual', '2.000 notities')
const listTimes: number[] = []
for (let i = 0; i < 20; i++) listTimes.push((await timed(async () => (await store.listVersions(big.board.id)).map(versionInfo).reverse()))[1])
const detailTimes: number[] = []
let previewBytes = 0
for (let i = 0; i < 5; i++) {
  const [detail, t] = await timed(async () => {
    const found = await store.loadVersion(big.board.id, full.id)
    return versionDetail(found!.version, found!.snapshot)
  })
  detailTimes.push(t)
  previewBytes = JSON.stringify(detail).length
}
// The facilitator's select-all + Delete, then the restore.
const facilitator = peer(-1)
big.addPeer(facilitator)
const restoreTimes: number[] = []
for (let i = 0; i < 3; i++) {
  big.doc.transact(() => {
    for (const key of [...big.records.map.keys()]) if (key.startsWith('shape:')) big.records.delete(key)
  }, facilitator)
  await big.flush()
  const [, t] = await timed(() => big.restore(full.id))
  restoreTimes.push(t)
  await big.flush()
}
const restoredNotes = [...big.records.map.keys()].filter((k) => k.startsWith('shape:')).length
const p50 = (values: number[]) => ms(percentile(sortedCopy(values), 50))
const bigRows: Row[] = [
  ['notes, versions', `${int(restoredNotes)}, ${int((await store.listVersions(big.board.id)).length)}`],
  ['the 2,000-note version, stored', kib(full.bytes)],
  ['list the versions (p50 of 20)', p50(listTimes), '< 50 ms'],
  ['read one for the preview (p50 of 5)', `${p50(detailTimes)} (${kib(previewBytes)} of JSON)`, '< 500 ms'],
  ['restore after a wipe, before-restore version included (p50 of 3)', p50(restoreTimes), '< 1 s'],
]
big.destroy()
await store.close()
rmSync(dir, { recursive: true, force: true })

console.log(table('A 3-hour workshop of 40 partners, a version every 5 minutes', workshopRows))
console.log(table('A board of 2,000 notes', bigRows))
