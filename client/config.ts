/** Runtime configuration the server injects into index.html (see `<!--waterlijn-config-->`). */
import { CLIENT_CONFIG_GLOBAL, type ClientConfig } from '../shared/protocol.ts'

export function clientConfig(): ClientConfig {
  const injected = (window as unknown as Record<string, Partial<ClientConfig> | undefined>)[CLIENT_CONFIG_GLOBAL]
  return { tldrawLicenseKey: injected?.tldrawLicenseKey ?? null }
}
