import { csvFileName, DATAPACKAGE_FILE, decodeKaartFile, KAART_ENTITIES, PUBLISHED_FILE_NAMES } from '../../shared/kaart';
import { readZip } from './import-zip';

/**
 * The files a coordinator picks for an import: which format they are, and their text. Refuses
 * what cannot be a kaart (too big, empty, binary, the wrong mix) with a Dutch message that says
 * what to do. Nothing here touches the database.
 */

/** A spreadsheet this large is not a library's sociale kaart; reading it would only freeze the tablet. */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;
/** An HSDS file is read in the import worker: a regional directory (20,000 services) fits well within this. */
export const MAX_HSDS_FILE_BYTES = 250 * 1024 * 1024;

export type KaartFileFormat = 'hsds-json' | 'hsds-csv' | 'spreadsheet';

/** The names and sizes the file picker gives, before anything is read. */
export interface KaartFileInfo {
  name: string;
  size: number;
}

/** A format, or the reason the choice of files cannot be imported. */
export type KaartFormatDetection = { ok: true; format: KaartFileFormat } | { ok: false; message: string };

/** The file texts by package name, ready for the import functions. */
export type KaartFilesRead = { ok: true; format: KaartFileFormat; texts: Record<string, string> } | { ok: false; message: string };

const PACKAGE_CSV = new Set([...KAART_ENTITIES.map(csvFileName), ...PUBLISHED_FILE_NAMES.map(([name]) => name)]);
const CHOOSE = 'Kies een HSDS JSON-bestand (.json), alle bestanden van een HSDS CSV-pakket (met datapackage.json, of samen in een .zip) of de spreadsheet van uw bibliotheek (.csv).';

/** "services (1).csv" (a second download of the same file) → "services.csv", so a package still reads. */
export function packageFileName(name: string): string {
  return name.trim().toLowerCase().replace(/\s*\(\d+\)(?=\.[a-z]+$)/, '');
}

const extension = (name: string) => name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Which import the chosen files are: one HSDS .json, an HSDS CSV package (several files), or a single spreadsheet .csv. */
export function detectKaartFormat(files: readonly KaartFileInfo[]): KaartFormatDetection {
  if (files.length === 0) return { ok: false, message: `Er is geen bestand gekozen. ${CHOOSE}` };
  const detected = detectByName(files);
  const limit = detected.ok && detected.format !== 'spreadsheet' ? MAX_HSDS_FILE_BYTES : MAX_IMPORT_FILE_BYTES;
  const big = files.find((file) => file.size > limit);
  if (big) return { ok: false, message: `${big.name} is te groot (${megabytes(big.size)}). Een bestand mag hoogstens ${megabytes(limit)} zijn. Splits het bestand, of kies alleen de gegevens van uw bibliotheek.` };
  return detected;
}

function detectByName(files: readonly KaartFileInfo[]): KaartFormatDetection {
  const zip = files.find((file) => extension(file.name) === 'zip');
  if (zip && files.length > 1) return { ok: false, message: `Kies het zip-bestand (${zip.name}) alleen, of alleen de bestanden die erin zitten.` };
  if (zip) return { ok: true, format: 'hsds-csv' };
  const wrong = files.find((file) => !['json', 'csv'].includes(extension(file.name)));
  if (wrong) return { ok: false, message: `${wrong.name} is geen .json- of .csv-bestand, en geen .zip. ${CHOOSE}` };
  const names = files.map((file) => packageFileName(file.name));
  const isPackage = names.some((name) => name === DATAPACKAGE_FILE || PACKAGE_CSV.has(name));
  if (files.length > 1) {
    if (!isPackage) return { ok: false, message: 'U koos meer dan één bestand. Kies één bestand, of alle bestanden van een HSDS CSV-pakket (organizations.csv, services.csv, … en datapackage.json).' };
    if (!names.some((name) => PACKAGE_CSV.has(name))) return { ok: false, message: `Bij deze bestanden zit geen CSV-bestand van het pakket. Kies ook organizations.csv, services.csv en de andere CSV-bestanden.` };
    return { ok: true, format: 'hsds-csv' };
  }
  const [name] = names;
  if (name === DATAPACKAGE_FILE) return { ok: false, message: 'datapackage.json beschrijft alleen het pakket. Kies het samen met de CSV-bestanden (organizations.csv, services.csv, …).' };
  if (PACKAGE_CSV.has(name)) return { ok: true, format: 'hsds-csv' };
  return { ok: true, format: extension(name) === 'json' ? 'hsds-json' : 'spreadsheet' };
}

/** Reads the picked files after checking their names and sizes; nothing is stored. */
export async function readKaartFiles(files: readonly File[], onRead?: (bytes: number, total: number) => void): Promise<KaartFilesRead> {
  const detected = detectKaartFormat(files);
  if (!detected.ok) return detected;
  const texts: Record<string, string> = {};
  const total = files.reduce((sum, file) => sum + file.size, 0);
  let read = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      return { ok: false, message: `${file.name} kon niet worden gelezen. Kies het bestand opnieuw; staat het op een USB-stick, kopieer het dan eerst naar de tablet.` };
    }
    if (extension(file.name) === 'zip') {
      const unpacked = await readZip(file.name, bytes, MAX_HSDS_FILE_BYTES, (name) => packageFileName(name) === DATAPACKAGE_FILE || PACKAGE_CSV.has(packageFileName(name)));
      if (!unpacked.ok) return unpacked;
      if (!unpacked.files.some((entry) => PACKAGE_CSV.has(packageFileName(entry.name)))) {
        return { ok: false, message: `In ${file.name} staat geen CSV-bestand van een HSDS-pakket (organizations.csv, services.csv, …). ${CHOOSE}` };
      }
      for (const entry of unpacked.files) {
        const decoded = decodeKaartFile(entry.name, entry.bytes);
        if (!decoded.ok) return decoded;
        const key = packageFileName(entry.name);
        if (key in texts) return { ok: false, message: `In ${file.name} staat ${key} twee keer (in twee mappen). Laat er één over en kies het zip-bestand opnieuw.` };
        texts[key] = decoded.text;
      }
    } else {
      const decoded = decodeKaartFile(file.name, bytes);
      if (!decoded.ok) return decoded;
      const key = detected.format === 'hsds-csv' ? packageFileName(file.name) : file.name;
      // "services.csv" and "services (1).csv": two downloads of one file, and only one may count.
      if (key in texts) return { ok: false, message: `U koos ${key} twee keer (ook als ${file.name}). Kies elk bestand van het pakket één keer.` };
      texts[key] = decoded.text;
    }
    read += file.size;
    onRead?.(read, total);
  }
  return { ok: true, format: detected.format, texts };
}
