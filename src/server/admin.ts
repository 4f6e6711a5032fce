import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isCode } from '../shared/codelists';
import { normaliseProvince, PROVINCES } from '../shared/reports';
import { amsterdamDay } from '../shared/time';
import type { IdoLocation } from '../shared/registration';
import { CLI_ACTOR } from './admin/actor';
import { createCode, createToken, listManagedDevices, revokeCode, revokeManagedDevice, revokeToken } from './admin/access';
import { addLocation, closeLocation, locationSlug, updateLocation } from './admin/locations';
import { readLocation } from './admin/location-input';
import { date, messageInOptionWords, text } from './admin/input';
import { addOrganisation, deactivateOrganisation, importMunicipalitiesAs, type OrganisationSummary, reactivateOrganisation } from './admin/organisations';
import { createMunicipalityToken, revokeMunicipalityToken } from './admin/municipality-tokens';
import { DEFAULT_TOKEN_DAYS, listApiTokens } from './api-tokens';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { databaseSettingsFromEnv, openDatabase } from './db/open';
import { findDevice } from './devices';
import { DEFAULT_CODE_DAYS, listEnrollmentCodes } from './enrollment/codes';
import { DirectoryInUseError } from './db/directory-lock';
import { formatSummary, ImportError, importEmergencyExport, parseEmergencyExport } from './ingest/emergency-export';
import { exportKaart, type KaartExportFormat } from './kaart/file-export';
import { formatKaartSummary, importKaartFile, KaartFileError, readTaxonomyMappingFile } from './kaart/file-import';
import { importCardsFile } from './kaart/card-import';
import { findOrganisation, isDeactivated, listOrganisations } from './organisations/organisations';
import { formatMunicipalitiesSummary, municipalityProblemsText, parseMunicipalitiesCsv } from './reports/municipalities';
import { ApiError } from './errors';
import { isUuid } from '../shared/ids';
import { loadServerSecret, ServerSecretError } from './secrets';
import { settleFolds } from './reports/pending-rollups';

const USAGE = `Gebruik: npm run admin -- <opdracht> [opties]
  create-organisation --name NAAM [--municipality GM0855]
  list-organisations   (JSON; een demo-organisatie heeft "demo": true en telt landelijk niet mee; een gedeactiveerde "deactivatedAt")
  deactivate-organisation ID            (haar coördinatoren kunnen haar niet meer beheren; haar tablets versturen nog registraties)
  reactivate-organisation ID            (weer actief: kaartwijzigingen die op haar tablets wachten, gaan mee)
  create-location --organisation ID --name NAAM --municipality GM#### --province PROVINCIE
                  [--kind vestiging] [--scenarios spreekuur,balie] [--hours 6] [--catchment 12000]
                  [--inside-library true|false] [--opened 2024-01-31] [--id ID] [--lat 51.56 --lon 5.09]
  update-location --organisation ID --location ID [--name NAAM] [--hours 8 [--hours-from 2027-01-01]]
                  [--kind …] [--scenarios …] [--catchment N] [--municipality GM####] [--province …] [--lat … --lon …]
  close-location --organisation ID --location ID [--on 2027-01-01]   (standaard vandaag)
  create-code --organisation ID [--days 7] [--role medewerker|coordinator]
  list-codes [--organisation ID]        (nooit de code zelf)
  revoke-code ID                        (een nog niet gebruikte code)
  list-devices --organisation ID
  revoke-device ID
  create-token --role coordinator|national|municipality [--organisation ID] [--municipality GM0855] [--days 365]
  list-tokens [--organisation ID]       (nooit het token zelf)
  revoke-token ID
  import-file BESTAND
  import-municipalities BESTAND.csv   (CBS StatLine 70072ned/03759ned, of code;name;province;population)
  import-kaart BESTAND --organisation ID | --national [--skip-invalid] [--merge-duplicates] [--mapping TABEL.json]
               (HSDS JSON .json, HSDS CSV-datapakket: map of datapackage.json, spreadsheet .csv)
  import-cards BESTAND --organisation ID | --national   (Snelwijzer-kaarten: JSON, een lijst kaarten)
  export-kaart --organisation ID | --national [--format json|csv-package|hsds-3.0|hsds-3.0-csv] [--out BESTAND-OF-MAP]
De database: DATABASE_URL (PostgreSQL), anders de ingebouwde PostgreSQL in DATA_DIR (standaard ./data; ook naast de draaiende server); DATABASE=pglite voor PGlite.
Het servergeheim: IDO_SECRET, anders het bestand IDO_SECRET_FILE (standaard DATA_DIR/server-secret), zoals de server.`;

const MUNICIPALITY = /^GM\d{4}$/;

/** A mistake in how the command was called; printed in Dutch, exit code 1. */
class UsageError extends Error {}

type Options = Record<string, string | boolean | undefined>;
type Command = {
  options?: Record<string, { type: 'string' | 'boolean' }>;
  positionals?: number;
  /** What can be read without the database: a mistake stops here, before the database opens (PGlite takes seconds to). */
  read?: (options: Options, positionals: string[]) => unknown;
  /** `input` is what `read` gave (see readFirst). */
  run: (db: Database, options: Options, positionals: string[], input: unknown) => Promise<string>;
};

/** A command whose options are read, and refused, before the database opens; `run` gets what was read. */
function readFirst<T>(read: (options: Options, positionals: string[]) => T, run: (db: Database, input: T, options: Options) => Promise<string>): Pick<Command, 'read' | 'run'> {
  return { read, run: (db, options, _positionals, input) => run(db, input as T, options) };
}

function required(options: Options, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`De optie --${name} ontbreekt.`);
  return value.trim();
}

async function existingOrganisation(db: Database, id: string): Promise<string> {
  if (!isUuid(id) || !(await findOrganisation(db, id))) throw new UsageError(`Organisatie ${id} bestaat niet.`);
  return id.toLowerCase();
}

/** The organisation of `--organisation` (it must exist), or undefined without the option. */
async function organisationOption(db: Database, options: Options): Promise<string | undefined> {
  return options.organisation === undefined ? undefined : existingOrganisation(db, required(options, 'organisation'));
}

/** The listed entry with this id (any case); undefined for an id that is no UUID. */
async function listedById<T extends { id: string }>(id: string, list: () => Promise<T[]>): Promise<T | undefined> {
  return isUuid(id) ? (await list()).find((entry) => entry.id === id.toLowerCase()) : undefined;
}

/** `create-token --role municipality --municipality GM0855 [--days N]`: a report token for one municipality (it must be known). */
async function createMunicipalityTokenFromCli(db: Database, municipality: string, days: number): Promise<string> {
  const issued = await createMunicipalityToken(db, CLI_ACTOR, municipality, days);
  console.error(`Token-id ${issued.id} voor gemeente ${issued.municipalityCode}, geldig tot ${issued.expiresAt.slice(0, 10)}. Bewaar het token nu: het wordt nergens leesbaar opgeslagen.`);
  return issued.token;
}

function numberOption(options: Options, name: string, fallback: number | undefined, check: (n: number) => boolean): number | undefined {
  const value = options[name];
  if (value === undefined) return fallback;
  const number = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(number) || !check(number)) throw new UsageError(`--${name} moet een geldig getal zijn, niet "${value}".`);
  return number;
}


/** create-organisation's organisation, read from its options. */
function organisationInput(options: Options): { name: string; municipalityCode?: string } {
  // read as POST /api/v1/admin/organisations reads it: no control, bidi or line-separator marks, at most 200 characters
  const name = readAsOptions({ name: '--name' }, () => text({ name: required(options, 'name') }, 'name', 200));
  const municipality = options.municipality as string | undefined;
  if (municipality !== undefined && !MUNICIPALITY.test(municipality)) throw new UsageError('--municipality moet een CBS-gemeentecode zijn, zoals GM0855.');
  return { name, municipalityCode: municipality };
}

/** create-location's location, read from its options (all but the organisation, which must exist in the database). */
function locationInput(options: Options): Omit<IdoLocation, 'organisationId'> {
  required(options, 'organisation');
  const municipalityCode = required(options, 'municipality');
  if (!MUNICIPALITY.test(municipalityCode)) throw new UsageError('--municipality moet een CBS-gemeentecode zijn, zoals GM0855.');
  const province = normaliseProvince(required(options, 'province'));
  if (!province) throw new UsageError(`--province moet een van deze zijn: ${PROVINCES.join(', ')}.`);
  const kind = (options.kind as string | undefined) ?? 'vestiging';
  if (!isCode('locationKind', kind)) throw new UsageError(`--kind "${kind}" is onbekend.`);
  const scenarios = ((options.scenarios as string | undefined) ?? 'spreekuur,balie').split(',').map((s) => s.trim()).filter(Boolean);
  if (scenarios.length === 0 || scenarios.some((s) => !isCode('scenario', s))) throw new UsageError('--scenarios bevat een onbekend scenario.');
  const insideLibrary = (options['inside-library'] as string | undefined) ?? 'true';
  if (insideLibrary !== 'true' && insideLibrary !== 'false') throw new UsageError('--inside-library moet true of false zijn.');
  // read as POST …/locations reads it; its range is the service layer's (addLocation)
  const openedOn = readAsOptions(OPENED_OPTION, () => date({ openedOn: options.opened }, 'openedOn', true)) ?? amsterdamDay(new Date());
  const id = (options.id as string | undefined) ?? locationSlug(required(options, 'name'));
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new UsageError('--id mag alleen letters, cijfers, - en _ bevatten (hoogstens 64).');
  const catchment = numberOption(options, 'catchment', undefined, (n) => Number.isInteger(n) && n > 0 && n < 2 ** 31);
  const latitude = numberOption(options, 'lat', undefined, (n) => n >= -90 && n <= 90);
  const longitude = numberOption(options, 'lon', undefined, (n) => n >= -180 && n <= 180);
  if ((latitude === undefined) !== (longitude === undefined)) throw new UsageError('Geef --lat en --lon samen, of geen van beide.');
  // read as POST …/locations reads it (location-input.ts)
  const name = readAsOptions({ name: '--name' }, () => text({ name: required(options, 'name') }, 'name', 200));
  return {
    id, name, municipalityCode, province, insideLibrary: insideLibrary === 'true', kind, scenarios,
    idoHoursPerWeek: numberOption(options, 'hours', 0, (n) => n >= 0 && n <= 168)!,
    ...(catchment === undefined ? {} : { catchmentPopulation: catchment }),
    openedOn,
    ...(latitude === undefined || longitude === undefined ? {} : { latitude, longitude }),
  };
}

/** create-code's role and days (the organisation must exist in the database). */
function codeInput(options: Options): { role: 'medewerker' | 'coordinator'; days: number } {
  required(options, 'organisation');
  const role = (options.role as string | undefined) ?? 'medewerker';
  if (role !== 'medewerker' && role !== 'coordinator') throw new UsageError('--role moet medewerker of coordinator zijn.');
  return { role, days: numberOption(options, 'days', DEFAULT_CODE_DAYS, (n) => n > 0 && n <= 365)! };
}

/** create-token's role and days, and which of --organisation and --municipality it takes (both checked in the database). */
function tokenInput(options: Options): { role: 'coordinator' | 'national' | 'municipality'; days: number } {
  const role = required(options, 'role');
  if (role !== 'coordinator' && role !== 'national' && role !== 'municipality') throw new UsageError('--role moet coordinator, national of municipality zijn.');
  if (role === 'municipality') {
    if (options.organisation !== undefined) throw new UsageError('Een municipality-token hoort bij een gemeente, niet bij een organisatie: laat --organisation weg.');
    required(options, 'municipality');
  }
  if (role === 'coordinator' && options.organisation === undefined) throw new UsageError('Een coordinator-token heeft --organisation nodig.');
  return { role, days: numberOption(options, 'days', DEFAULT_TOKEN_DAYS, (n) => n > 0 && n <= 3650)! };
}

/**
 * Runs a reader of the admin API's bodies on a command's options: its message names the option (`De optie --hours`)
 * where the API's names the field (`Het veld "idoHoursPerWeek"`).
 */
function readAsOptions<T>(options: Record<string, string>, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw inOptionWords(options, error);
  }
}

/**
 * An admin API error in the operator's words: a field the API names ("Het veld "hoursFrom"", or "idoHoursPerWeek" in
 * quotes) becomes the option that fills it (--hours-from, --hours). For what is read before the database opens and
 * for what the database step refuses alike. Other errors pass unchanged.
 */
function inOptionWords(options: Record<string, string>, error: unknown): unknown {
  return error instanceof ApiError ? new UsageError(messageInOptionWords(error.message, options)) : error;
}

/** The options of update-location by the fields of PATCH /api/v1/admin/…/locations/{id} they fill. */
const LOCATION_OPTIONS: Record<string, string> = {
  name: '--name', municipalityCode: '--municipality', kind: '--kind', province: '--province', scenarios: '--scenarios', idoHoursPerWeek: '--hours',
  hoursFrom: '--hours-from', catchmentPopulation: '--catchment', insideLibrary: '--inside-library', latitude: '--lat', longitude: '--lon',
};

/** update-location's changes, read as strictly as PATCH /api/v1/admin/…/locations/{id}: a wrong value stops with its Dutch message. */
function locationChanges(options: Options): ReturnType<typeof readLocation>['fields'] {
  required(options, 'organisation');
  required(options, 'location');
  const asNumber = (name: string) => (typeof options[name] === 'string' ? Number(options[name]) : undefined);
  const body = Object.fromEntries(Object.entries({
    name: options.name, municipalityCode: options.municipality, kind: options.kind,
    province: typeof options.province === 'string' ? normaliseProvince(options.province) ?? options.province : undefined,
    scenarios: typeof options.scenarios === 'string' ? options.scenarios.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    idoHoursPerWeek: asNumber('hours'), hoursFrom: options['hours-from'], catchmentPopulation: asNumber('catchment'),
    insideLibrary: options['inside-library'] === undefined ? undefined : options['inside-library'] === 'true' ? true : options['inside-library'] === 'false' ? false : options['inside-library'],
    latitude: asNumber('lat'), longitude: asNumber('lon'),
  }).filter(([, value]) => value !== undefined));
  return readAsOptions(LOCATION_OPTIONS, () => readLocation(body, true).fields);
}

/** The options of create-location and close-location that fill a location's days. */
const OPENED_OPTION: Record<string, string> = { openedOn: '--opened' };
const CLOSED_OPTION: Record<string, string> = { closedOn: '--on' };

/** close-location's day (`--on`, checked as a date), or undefined for today. */
function closingDay(options: Options): string | undefined {
  required(options, 'organisation');
  required(options, 'location');
  const closedOn = options.on as string | undefined;
  if (closedOn !== undefined) readAsOptions(CLOSED_OPTION, () => date({ closedOn }, 'closedOn'));
  return closedOn;
}

/**
 * deactivate-organisation's and reactivate-organisation's ID, read before the database opens: anything but a UUID is
 * refused without echoing it (it may be long, or hold terminal control characters).
 */
function organisationIdArgument(_options: Options, [id]: string[]): string {
  if (!isUuid(id)) throw new UsageError('Dat is geen organisatie-id. Een id ziet eruit als 6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f; zie list-organisations voor de ids.');
  return id.toLowerCase();
}

/** What deactivate-organisation and reactivate-organisation tell the operator (stderr), by the state after and whether it changed. */
function organisationActiveText(organisation: OrganisationSummary, changed: boolean): string {
  const name = `Organisatie "${organisation.name}"`;
  if (organisation.deactivatedAt === null) {
    return changed
      ? `${name} is weer actief: haar coördinatoren kunnen haar weer beheren. Kaartwijzigingen die op haar coördinatortablets wachten, gaan mee bij hun volgende verbinding.`
      : `${name} was al actief. Er is niets veranderd.`;
  }
  return changed
    ? `${name} is gedeactiveerd: haar coördinatoren kunnen haar niet meer beheren en haar koppelcodes werken niet meer. Haar tablets versturen hun registraties wel. Ongedaan maken: reactivate-organisation ${organisation.id}`
    : `${name} was al gedeactiveerd (sinds ${organisation.deactivatedAt.slice(0, 10)}). Er is niets veranderd.`;
}

/**
 * deactivate-organisation / reactivate-organisation ID: the routes' own service functions (POST ORG/deactivate and
 * ORG/reactivate), so the same refusals and one audit row (as `cli`) for a change, none when it already was so.
 * stdout: the organisation as the route answers it (JSON); stderr: what happened, in Dutch.
 */
function organisationActiveCommand(active: boolean): Command {
  return {
    positionals: 1,
    ...readFirst(organisationIdArgument, async (db, id) => {
      const wasActive = !(await isDeactivated(db, id));
      const organisation = await (active ? reactivateOrganisation : deactivateOrganisation)(db, CLI_ACTOR, id).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'not_found') throw new UsageError(`Organisatie ${id} bestaat niet. Zie list-organisations voor de ids.`);
        throw error;
      });
      console.error(organisationActiveText(organisation, wasActive !== active));
      return JSON.stringify(organisation, null, 2);
    }),
  };
}

const string = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

/** The kaart scope of --organisation ID or --national (exactly one of them). */
async function kaartScope(db: Database, options: Options): Promise<string | null> {
  if ((options.national === true) === (options.organisation !== undefined)) throw new UsageError('Geef --organisation ID of --national (een van beide).');
  return options.national === true ? null : existingOrganisation(db, required(options, 'organisation'));
}

const COMMANDS: Record<string, Command> = {
  'create-organisation': {
    options: { name: string, municipality: string },
    ...readFirst(organisationInput, async (db, organisation) => (await addOrganisation(db, CLI_ACTOR, organisation)).id),
  },
  'create-location': {
    options: { organisation: string, name: string, municipality: string, province: string, kind: string, scenarios: string, hours: string, catchment: string, 'inside-library': string, opened: string, id: string, lat: string, lon: string },
    ...readFirst(locationInput, async (db, location, options) => {
      const organisationId = await existingOrganisation(db, required(options, 'organisation'));
      // The opening day's range (location-days.ts) names --opened.
      return (await addLocation(db, CLI_ACTOR, organisationId, location).catch((error: unknown) => { throw inOptionWords(OPENED_OPTION, error); })).id;
    }),
  },
  'update-location': {
    options: { organisation: string, location: string, name: string, municipality: string, province: string, kind: string, scenarios: string, hours: string, 'hours-from': string, catchment: string, 'inside-library': string, lat: string, lon: string },
    ...readFirst(locationChanges, async (db, changes, options) => {
      const organisationId = await existingOrganisation(db, required(options, 'organisation'));
      // Checks against the stored location (hours from before its opening, --hours-from without --hours) name options too.
      const location = await updateLocation(db, CLI_ACTOR, organisationId, required(options, 'location'), changes).catch((error: unknown) => {
        throw inOptionWords(LOCATION_OPTIONS, error);
      });
      return JSON.stringify(location, null, 2);
    }),
  },
  'close-location': {
    options: { organisation: string, location: string, on: string },
    ...readFirst(closingDay, async (db, closedOn, options) => {
      const organisationId = await existingOrganisation(db, required(options, 'organisation'));
      // Before the opening or more than a year ahead names --on.
      const location = await closeLocation(db, CLI_ACTOR, organisationId, required(options, 'location'), closedOn).catch((error: unknown) => {
        throw inOptionWords(CLOSED_OPTION, error);
      });
      return JSON.stringify(location, null, 2);
    }),
  },
  'create-code': {
    options: { organisation: string, days: string, role: string },
    ...readFirst(codeInput, async (db, code, options) => {
      const organisationId = await existingOrganisation(db, required(options, 'organisation'));
      const issued = await createCode(db, CLI_ACTOR, organisationId, code);
      console.error(`Code-id ${issued.id} (om in te trekken met revoke-code), geldig tot ${issued.expiresAt.slice(0, 10)}.`);
      return issued.code;
    }),
  },
  'list-organisations': {
    run: async (db) => JSON.stringify(await listOrganisations(db), null, 2),
  },
  'deactivate-organisation': organisationActiveCommand(false),
  'reactivate-organisation': organisationActiveCommand(true),
  'list-devices': {
    options: { organisation: string },
    async run(db, options) {
      // The service layer's list, as the beheer page shows it: role, last sync, records sent, app version, pending at last contact.
      const organisationId = await existingOrganisation(db, required(options, 'organisation'));
      const devices = await listManagedDevices(db, CLI_ACTOR, organisationId);
      return JSON.stringify(devices.map((device) => ({ ...device, organisationId })), null, 2);
    },
  },
  'revoke-device': {
    positionals: 1,
    async run(db, _options, [id]) {
      const device = isUuid(id) ? await findDevice(db, id) : undefined;
      if (!device) throw new UsageError(`Tablet ${id} bestaat niet.`);
      return (await revokeManagedDevice(db, CLI_ACTOR, device.organisationId, id)).id;
    },
  },
  'list-codes': {
    options: { organisation: string },
    async run(db, options) {
      return JSON.stringify(await listEnrollmentCodes(db, await organisationOption(db, options)), null, 2);
    },
  },
  'revoke-code': {
    positionals: 1,
    async run(db, _options, [id]) {
      const code = await listedById(id, () => listEnrollmentCodes(db));
      if (!code) throw new UsageError(`Code ${id} bestaat niet. Zie list-codes voor de ids.`);
      if (code.usedAt) throw new UsageError(`Code ${id} is al gebruikt. Ontkoppel de tablet met revoke-device (zie list-codes voor de deviceId).`);
      return (await revokeCode(db, CLI_ACTOR, code.organisationId, code.id)).id;
    },
  },
  'list-tokens': {
    options: { organisation: string },
    async run(db, options) {
      return JSON.stringify(await listApiTokens(db, await organisationOption(db, options)), null, 2);
    },
  },
  'revoke-token': {
    positionals: 1,
    async run(db, _options, [id]) {
      const token = await listedById(id, () => listApiTokens(db));
      if (!token) throw new UsageError(`Token ${id} bestaat niet. Zie list-tokens voor de ids.`);
      if (token.role === 'municipality') return (await revokeMunicipalityToken(db, CLI_ACTOR, token.id)).id;
      return (await revokeToken(db, CLI_ACTOR, token.role === 'national' ? null : token.organisationId, token.id)).id;
    },
  },
  'create-token': {
    options: { role: string, organisation: string, municipality: string, days: string },
    ...readFirst(tokenInput, async (db, { role, days }, options) => {
      if (role === 'municipality') return createMunicipalityTokenFromCli(db, required(options, 'municipality'), days);
      const organisationId = options.organisation === undefined ? null : await existingOrganisation(db, required(options, 'organisation'));
      const issued = await createToken(db, CLI_ACTOR, role === 'national' ? null : organisationId, days);
      // stdout carries only the token (scripts read it); the id to revoke it by goes to stderr
      console.error(`Token-id ${issued.id}, geldig tot ${issued.expiresAt.slice(0, 10)}. Bewaar het token nu: het wordt nergens leesbaar opgeslagen.`);
      return issued.token;
    }),
  },
  'import-file': {
    positionals: 1,
    async run(db, _options, [file]) {
      const text = await readFile(file, 'utf8').catch(() => {
        throw new UsageError(`Kan het bestand ${file} niet lezen.`);
      });
      const summary = await importEmergencyExport(db, parseEmergencyExport(text));
      for (const problem of summary.problems) console.error(`${problem.status} ${problem.id}: ${problem.field ?? ''} ${problem.code ?? ''} ${problem.message ?? ''}`.replace(/ +/g, ' '));
      return formatSummary(summary);
    },
  },
  'import-municipalities': {
    positionals: 1,
    async run(db, _options, [file]) {
      const text = await readFile(file, 'utf8').catch(() => {
        throw new UsageError(`Kan het bestand ${file} niet lezen.`);
      });
      const parsed = parseMunicipalitiesCsv(text);
      for (const problem of parsed.problems) console.error(`regel ${problem.line}: ${problem.message}`);
      if (parsed.problems.length > 0) throw new UsageError(`${municipalityProblemsText(parsed.problems)} Verbeter het bestand en probeer het opnieuw.`);
      return formatMunicipalitiesSummary(parsed, await importMunicipalitiesAs(db, CLI_ACTOR, parsed.rows));
    },
  },
  'import-kaart': {
    options: { organisation: string, national: flag, 'skip-invalid': flag, 'merge-duplicates': flag, mapping: string },
    positionals: 1,
    async run(db, options, [file]) {
      const summary = await importKaartFile(db, file, {
        scope: await kaartScope(db, options),
        taxonomyMapping: typeof options.mapping === 'string' ? await readTaxonomyMappingFile(options.mapping) : undefined,
        skipInvalid: options['skip-invalid'] === true,
        mergeDuplicates: options['merge-duplicates'] === true,
        report: (line) => console.error(line),
      });
      return formatKaartSummary(summary);
    },
  },
  'import-cards': {
    options: { organisation: string, national: flag },
    positionals: 1,
    async run(db, options, [file]) {
      return formatKaartSummary(await importCardsFile(db, file, await kaartScope(db, options), (line) => console.error(line)));
    },
  },
  'export-kaart': {
    options: { organisation: string, national: flag, format: string, out: string },
    async run(db, options) {
      const scope = await kaartScope(db, options);
      const format = (options.format as string | undefined) ?? 'json';
      if (!['json', 'csv-package', 'hsds-3.0', 'hsds-3.0-csv'].includes(format)) throw new UsageError('--format moet json, csv-package, hsds-3.0 of hsds-3.0-csv zijn.');
      const out = options.out as string | undefined;
      const isPackage = format === 'csv-package' || format === 'hsds-3.0-csv';
      if (isPackage && out === undefined) throw new UsageError(`Een ${format} is een map met bestanden: geef --out MAP.`);
      const files = await exportKaart(db, scope, format as KaartExportFormat);
      if (out === undefined) return Object.values(files)[0].trimEnd();
      if (!isPackage) {
        await writeFile(out, Object.values(files)[0]);
        return out;
      }
      await mkdir(out, { recursive: true });
      for (const [name, content] of Object.entries(files)) await writeFile(path.join(out, name), content);
      return Object.keys(files).map((name) => path.join(out, name)).join('\n');
    },
  },
};

/** What parseArgs found wrong with the options, in Dutch (its own messages are English). */
function optionProblem(error: Error & { code?: string }): string {
  const option = /'(-[^' ]*)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Onbekende optie "${option}".`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take/.test(error.message)
      ? `De optie ${option} krijgt geen waarde: laat "=…" weg.`
      : `De optie ${option} mist een waarde. Begint de waarde met een streepje, schrijf dan ${option}=-waarde (zoals ${option}=-5).`;
  }
  return `De opties kloppen niet: ${error.message.split('\n')[0]}`;
}

/** The database the command opened (or is opening): a signal closes it before the process ends. */
let opening: Promise<Database> | undefined;
let stopping = false;

/**
 * SIGINT (Ctrl+C), SIGTERM or SIGHUP (a closed terminal) during a command: the database is closed before the process
 * ends, so an embedded PostgreSQL this command started (no server was running) is stopped, not left running without a
 * server; one it found running (the server's) it leaves alone. What the command had not committed rolls back. Exit 1.
 * A second signal ends the process at once. (Before, Node's default ended the process there and then.)
 */
async function stopCommand(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    console.error(`${signal} nog een keer: de opdracht stopt meteen.`);
    process.exit(1);
  }
  stopping = true;
  console.error(`${signal}: de opdracht stopt; wat zij nog niet had vastgelegd, is niet opgeslagen.`);
  try {
    const db = await opening?.catch(() => undefined);
    await db?.close({ fast: true });
  } catch (error) {
    console.error(`Afsluiten mislukt: ${(error as Error).message}`);
  }
  process.exit(1);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopCommand(signal));

/** Runs one admin command; returns the process exit code. */
async function runAdmin(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // own keys only: "constructor", "__proto__" or "toString" is no command, not Object.prototype's member
  const command = name && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(name && name !== 'help' && name !== '--help' ? `Onbekende opdracht "${name}".\n${USAGE}` : USAGE);
    return 1;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${optionProblem(error as Error & { code?: string })}\n${USAGE}`);
    return 1;
  }
  if (parsed.positionals.length !== (command.positionals ?? 0)) {
    console.error(`Verkeerd aantal argumenten voor ${name}.\n${USAGE}`);
    return 1;
  }
  const input = command.read?.(parsed.values as Options, parsed.positionals);
  const settings = databaseSettingsFromEnv();
  const secret = loadServerSecret(settings.dataDir);
  if (secret.warning) console.error(secret.warning);
  opening = openDatabase(settings, { role: 'admin' });
  const db = await opening;
  try {
    await migrate(db);
    console.log(await command.run(db, parsed.values as Options, parsed.positionals, input));
    return 0;
  } finally {
    await settleFolds(db); // a command that ingested batches leaves no fold running into a closed database
    await db.close();
  }
}

runAdmin(process.argv.slice(2)).then(
  (code) => {
    if (!stopping) process.exit(code);
  },
  (error: Error) => {
    // A command a signal stopped fails as its database closes: stopCommand ends the process, without this message.
    if (stopping) return;
    console.error(error instanceof UsageError || error instanceof ApiError || error instanceof ImportError || error instanceof KaartFileError || error instanceof DirectoryInUseError || error instanceof ServerSecretError ? error.message : `Mislukt: ${error.message}`);
    process.exit(1);
  },
);
