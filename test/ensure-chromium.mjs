// Makes sure the browser for the end-to-end tests is there before `npm test` runs them.
// Debian's chromium is used (never a browser download). Missing and root with apt-get: install it.
// Otherwise: one line that says what to do, and a failing exit code. Never a silent skip.
import { existsSync } from 'node:fs'
import { execSync } from 'node:child_process'

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const hasApt = existsSync('/usr/bin/apt-get')
if (!process.env.CHROMIUM_PATH && isRoot && hasApt) {
  console.log('Chromium is missing: installing Debian\'s chromium package for the end-to-end tests…')
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' })
  } catch {
    // fall through to the message below
  }
  if (existsSync(path)) process.exit(0)
}
console.error(
  `The end-to-end tests need Chromium at ${path}: install it with "sudo apt-get install -y chromium" (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary.`,
)
process.exit(1)
