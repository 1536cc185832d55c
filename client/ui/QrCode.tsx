/** A QR code as inline SVG (generated in the browser: no image service, no network). */
import { useEffect, useState } from 'react'

export function QrCode({ text, label, size = 320 }: { text: string; label: string; size?: number }) {
  const [svg, setSvg] = useState<string | null>(null)
  useEffect(() => {
    let current = true
    // Loaded when a code is shown, so a page that shows none (a phone in the list view) does not fetch it.
    import('qrcode')
      .then(({ default: QRCode }) => QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#111111', light: '#ffffff' } }))
      .then((markup) => current && setSvg(markup))
      .catch(() => current && setSvg(null))
    return () => {
      current = false
    }
  }, [text])
  return (
    <div
      className="qr"
      role="img"
      aria-label={label}
      style={{ width: size, height: size }}
      // The markup comes from the qrcode library, built from our own URL.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  )
}
