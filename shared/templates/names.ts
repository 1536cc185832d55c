/** The templates' names as people read them, and a frame's name in the reader's language. */
import { LANGUAGES, type Language } from '../i18n/index.ts'
import type { TemplateKind } from './types.ts'

const TEMPLATE_NAMES: Record<TemplateKind, Record<Language, string>> = {
  iceberg: { nl: 'IJsberg en waterlijn', en: 'Iceberg and waterline' },
  'message-house': { nl: 'Message house', en: 'Message house' },
  'coalition-venn': { nl: 'Domein van de coalitie', en: 'Coalition domain' },
  'coalition-spectrum': { nl: 'Coalitiespectrum', en: 'Coalition spectrum' },
  positioning: { nl: 'Positionering', en: 'Positioning' },
}

export function templateName(kind: TemplateKind, language: Language): string {
  return TEMPLATE_NAMES[kind][language]
}

/**
 * A template frame's name for this reader: the name it was given when placed ("IJsberg en waterlijn 2")
 * follows the reader's language; a name the facilitator typed stays as typed.
 */
export function shownFrameName(name: string, kind: TemplateKind, language: Language): string {
  const names = TEMPLATE_NAMES[kind]
  if (!names) return name
  for (const other of LANGUAGES) {
    const given = names[other]
    if (name === given) return names[language]
    const suffix = name.startsWith(`${given} `) ? name.slice(given.length + 1) : null
    if (suffix && /^\d+$/.test(suffix)) return `${names[language]} ${suffix}`
  }
  return name
}
