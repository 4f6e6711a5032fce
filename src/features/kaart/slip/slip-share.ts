import { type Slip, slipLines, slipText } from './slip-content';

const WIDTH = 720;
const MARGIN = 40;
const FONT = 30;
const LINE = 42;

/** Breaks a text into lines that fit the picture's width. */
function wrap(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  if (text === '') return [''];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && context.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  return [...lines, line];
}

/** The slip drawn as a PNG (black on white, large type), for a phone's photo gallery. */
export async function slipPicture(slip: Slip): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  const measure = canvas.getContext('2d');
  if (!measure) return null;
  measure.font = `${FONT}px sans-serif`;
  const lines = slipLines(slip).flatMap((text) => wrap(measure, text, WIDTH - 2 * MARGIN));
  canvas.width = WIDTH;
  canvas.height = MARGIN * 2 + lines.length * LINE;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000';
  context.font = `${FONT}px sans-serif`;
  context.textBaseline = 'top';
  lines.forEach((text, i) => context.fillText(text, MARGIN, MARGIN + i * LINE));
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

/** Whether this browser has a share sheet at all. */
export const canShare = (): boolean => typeof navigator.share === 'function';

/**
 * Shares the slip to the visitor's own phone: as a picture where the share sheet takes files,
 * otherwise as text. Cancelling the sheet is no error.
 */
export async function shareSlip(slip: Slip): Promise<void> {
  const text = slipText(slip);
  const picture = typeof navigator.canShare === 'function' ? await slipPicture(slip) : null;
  const file = picture ? new File([picture], 'verwijsbriefje.png', { type: 'image/png' }) : undefined;
  const data: ShareData = file && navigator.canShare({ files: [file] }) ? { title: slip.service, text, files: [file] } : { title: slip.service, text };
  await navigator.share(data).catch(() => undefined);
}
