/** Starts the board server: `npm start` (after building the client). */
import { networkInterfaces } from 'node:os'
import { createApp } from './app.ts'
import { loadConfig } from './config.ts'
import { log } from './log.ts'
import { describeStore, openOwnership, openStore } from './store/index.ts'

const config = loadConfig()
const store = await openStore(config)
const app = createApp(config, store, await openOwnership(config))
const port = await app.listen()

const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
console.log(`Waterlijn is listening on http://${shownHost}:${port}`)
if (config.host === '0.0.0.0' || config.host === '::') {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) console.log(`  on the network: http://${a.address}:${port}`)
    }
  }
}
console.log(`  boards are stored in ${describeStore(config)}`)

let stopping = false
async function stop(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  log.info('server.stopping', { signal })
  const force = setTimeout(() => process.exit(1), 10_000)
  force.unref()
  await app.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
