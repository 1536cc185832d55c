/** A panel over the canvas's right side (share, templates, zone picker): titled, closes on Escape, takes the focus. */
import { useEffect, useId, useRef, type ReactNode } from 'react'

export function SidePanel({ title, closeLabel, onClose, className, children }: { title: string; closeLabel: string; onClose(): void; className?: string; children: ReactNode }) {
  const headingId = useId()
  const panelRef = useRef<HTMLElement>(null)

  const close = useRef(onClose)
  close.current = onClose

  useEffect(() => {
    // When it opens, the first control in the panel (its first choice, else the close button) gets the keyboard.
    const controls = panelRef.current?.querySelectorAll<HTMLElement>('button, input, select, textarea')
    const first = [...(controls ?? [])].find((c) => !c.closest('.side-panel__head')) ?? controls?.[0]
    first?.focus()
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close.current()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <section ref={panelRef} className={`side-panel ${className ?? ''}`} role="dialog" aria-modal="false" aria-labelledby={headingId}>
      <div className="side-panel__head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {closeLabel}
        </button>
      </div>
      {children}
    </section>
  )
}
