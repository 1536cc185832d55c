/** Imported by the canvas: English is at hand there from the start (its tldraw strings are built per language). */
import { en } from '../../shared/i18n/en.ts'
import { catalogue } from '../../shared/i18n/catalogue.ts'

catalogue.en ??= en
