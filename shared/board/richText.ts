/** tldraw 5 keeps text as rich text (TipTap JSON). This reads it as plain text: paragraphs become lines. */

interface RichNode {
  type?: string
  text?: string
  content?: RichNode[]
}

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'blockquote', 'codeBlock'])

export function richTextToPlain(richText: unknown): string {
  if (!richText || typeof richText !== 'object') return typeof richText === 'string' ? richText : ''
  const lines: string[] = []
  let current = ''
  const walk = (node: RichNode) => {
    if (node.type === 'text' && typeof node.text === 'string') current += node.text
    else if (node.type === 'hardBreak') current += '\n'
    for (const child of node.content ?? []) {
      walk(child)
      if (child.type && BLOCKS.has(child.type)) {
        lines.push(current)
        current = ''
      }
    }
  }
  walk(richText as RichNode)
  if (current) lines.push(current)
  return lines.join('\n').trim()
}

/** Plain text as tldraw rich text: one paragraph per line. */
export function plainToRichText(text: string): { type: 'doc'; content: RichNode[] } {
  return {
    type: 'doc',
    content: text.split('\n').map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  }
}
