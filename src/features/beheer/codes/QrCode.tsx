import { encode } from 'uqr';

/** The QR modules as one SVG path: a 1×1 square per dark module (no style attribute: the CSP allows none). */
function modulesPath(data: boolean[][], border: number): string {
  const parts: string[] = [];
  data.forEach((row, y) => row.forEach((dark, x) => { if (dark) parts.push(`M${x + border} ${y + border}h1v1h-1z`); }));
  return parts.join('');
}

/**
 * A QR code of `text` as SVG with attributes only: black on white, a quiet zone of four modules,
 * medium error correction so a tablet's camera reads it off a screen or paper.
 */
export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const qr = encode(text, { ecc: 'M', border: 0 });
  const border = 4;
  const total = qr.size + 2 * border;
  return (
    <svg class="ido-qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${total} ${total}`} shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={total} height={total} fill="#fff" />
      <path d={modulesPath(qr.data, border)} fill="#000" />
    </svg>
  );
}
