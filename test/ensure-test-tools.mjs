// Makes sure the programs the tests drive are there before `npm test` runs them: Debian's Chromium for
// the browser tests (never a browser download), HAProxy for the cluster test, poppler-utils (pdftotext, pdfinfo, pdftoppm) to read
// the exported PDF, and LibreOffice Writer without its GUI (soffice, to open the Word minutes as a
// partner without Word would; without its recommended packages). Missing, and root with apt-get:
// install them. Otherwise: one line that says what to do, and a failing exit code. Never a silent skip.
import { existsSync, readdirSync } from 'node:fs'
import { execSync } from 'node:child_process'

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const needed = [
  { path: chromium, pkg: 'chromium', custom: !!process.env.CHROMIUM_PATH },
  { path: '/usr/bin/pdftotext', pkg: 'poppler-utils', custom: false },
  { path: '/usr/bin/soffice', pkg: 'libreoffice-writer-nogui', custom: false, withoutRecommends: true },
]
// HAProxy in front of several instances for the cluster test (test/helpers/haproxy.ts).
needed.push({ path: process.env.HAPROXY_PATH || '/usr/sbin/haproxy', pkg: 'haproxy', custom: !!process.env.HAPROXY_PATH })
// PostgreSQL for the tests of the PostgreSQL store (test/helpers/postgres.ts starts a throwaway cluster):
// initdb in /usr/lib/postgresql/<version>/bin, or in PG_BIN_DIR.
const pgBin = () =>
  process.env.PG_BIN_DIR ||
  (existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => existsSync(`${d}/initdb`)) : undefined) ||
  '/usr/lib/postgresql/15/bin'
needed.push({ get path() { return `${pgBin()}/initdb` }, pkg: 'postgresql', custom: !!process.env.PG_BIN_DIR })

let missing = needed.filter((n) => !existsSync(n.path))
if (missing.length === 0) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const installable = missing.filter((n) => !n.custom)
if (isRoot && existsSync('/usr/bin/apt-get') && installable.length > 0) {
  const pkgs = installable.map((n) => n.pkg).join(' ')
  const list = (lean) => installable.filter((n) => !!n.withoutRecommends === lean).map((n) => n.pkg).join(' ')
  console.log(`Installing Debian packages the tests need: ${pkgs}…`)
  try {
    execSync('apt-get update -qq', { stdio: 'inherit' })
    const install = 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq'
    if (list(false)) execSync(`${install} ${list(false)}`, { stdio: 'inherit' })
    // LibreOffice's recommends (Java, more fonts, dictionaries) add hundreds of megabytes the conversion does not need.
    if (list(true)) execSync(`${install} --no-install-recommends ${list(true)}`, { stdio: 'inherit' })
  } catch {
    // fall through to the message below
  }
  missing = needed.filter((n) => !existsSync(n.path))
  if (missing.length === 0) process.exit(0)
}
console.error(
  `The tests need ${missing.map((n) => `${n.path} (Debian package ${n.pkg})`).join(' and ')}: install with "sudo apt-get install -y ${missing.map((n) => n.pkg).join(' ')}"` +
    (missing.some((n) => n.pkg === 'chromium') ? ', or set CHROMIUM_PATH to a Chromium binary.' : '.'),
)
process.exit(1)
