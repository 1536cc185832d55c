/** How many pillars the message house has: 2 to 5. */
import { MAX_PILLARS, MIN_PILLARS } from '../../shared/templates/message-house/index.ts'

export function PillarSelect({ label, value, onChange }: { label: string; value: number; onChange(pillars: number): void }) {
  return (
    <label className="field field--inline">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {Array.from({ length: MAX_PILLARS - MIN_PILLARS + 1 }, (_, i) => MIN_PILLARS + i).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  )
}
