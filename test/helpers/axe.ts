/**
 * axe-core's WCAG 2.1 A and AA rules run in a page, with every violation sorted by whose markup it is:
 * ours, or tldraw's own UI inside its container (its toolbar, menus, canvas), which we do not write.
 */
import axe from 'axe-core'
import type { Page } from 'playwright-core'

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/**
 * What we draw inside tldraw's container: on notes the byline, the private badge and the vote dots.
 * Everything else in there is tldraw's.
 */
export const OURS_INSIDE_TLDRAW = ['.waterlijn-note-byline', '.waterlijn-note-private', '.vote-dots']

export interface Violation {
  id: string
  impact: string | null
  help: string
  /** One line per element: its selector, what is wrong, and the start of its markup. */
  nodes: string[]
}

export interface AxeReport {
  /** Violations with at least one element of our own markup: each must be fixed. */
  ours: Violation[]
  /** Violations whose every element is tldraw's own UI. */
  tldraws: Violation[]
}

/**
 * Runs axe in the page. Injected through the DevTools protocol rather than a script tag: the page's
 * Content-Security-Policy rightly refuses inline scripts, and the harness counts every refusal.
 */
export async function runAxe(page: Page): Promise<AxeReport> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source)
  return page.evaluate(
    async ({ tags, oursInside }) => {
      const found = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      const isOurs = (node: (typeof found.violations)[number]['nodes'][number]): boolean => {
        // Inside a frame or a shadow root a target is a list of selectors: the outermost one is in this document.
        const outer = node.target[0]
        const selector = Array.isArray(outer) ? outer[0] : outer
        const element = typeof selector === 'string' ? document.querySelector(selector) : null
        // An element that cannot be found again is counted as ours rather than excused.
        if (!element) return true
        return !element.closest('.tl-container') || !!element.closest(oursInside.join(','))
      }
      const report = { ours: [] as Violation[], tldraws: [] as Violation[] }
      for (const violation of found.violations) {
        const describe = (node: (typeof violation.nodes)[number]) => `${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''} — ${node.html.slice(0, 160)}`
        const ours = violation.nodes.filter(isOurs)
        const entry = { id: violation.id, impact: violation.impact ?? null, help: violation.help }
        if (ours.length > 0) report.ours.push({ ...entry, nodes: ours.map(describe) })
        if (ours.length < violation.nodes.length) report.tldraws.push({ ...entry, nodes: violation.nodes.filter((node) => !ours.includes(node)).map(describe) })
      }
      return report
    },
    { tags: WCAG_21_AA, oursInside: OURS_INSIDE_TLDRAW },
  )
}
