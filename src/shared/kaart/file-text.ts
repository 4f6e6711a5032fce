/* The text of a kaart file as the tablet, Beheer and the admin command read it: one decoder for all three. */

/**
 * The text of one file: UTF-8 (with or without BOM), UTF-16 with a BOM, or else Windows-1252 —
 * what Dutch Excel writes for "CSV (gescheiden door lijstscheidingsteken)".
 */
export function decodeKaartFile(name: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  const empty = { ok: false as const, message: `${name} is leeg. Kies het bestand met de gegevens.` };
  if (bytes.length === 0) return empty;
  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  } else {
    if (bytes.includes(0)) return { ok: false, message: `${name} is geen tekstbestand (het lijkt op een Excel-bestand of een afbeelding). Sla het in Excel op als "CSV (gescheiden door lijstscheidingsteken)" en kies dat bestand.` };
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return empty;
  return { ok: true, text };
}
