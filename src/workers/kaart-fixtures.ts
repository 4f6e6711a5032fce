// Deterministic, realistic sociale-kaart services for tests and `npm run bench`: Dutch names
// from word lists across the ten themes, scattered over Amersfoort. Not imported by the app.
import type { ReferralMethod, SearchDocument } from './kaart-search-types';
import { seededRandom } from '../shared/seeded-random';

interface ThemeWords {
  code: string;
  name: string;
  topics: string[];
  services: string[];
  organizations: string[];
  sentences: string[];
}

/** The ten themes of the sociale kaart, with words to make services from. */
export const FIXTURE_THEMES: readonly ThemeWords[] = [
  {
    code: 'geld_schulden', name: 'Geld & schulden', topics: ['boete_incasso', 'gemeentelijke_regelingen'],
    services: ['Schuldhulpmaatje', 'Spreekuur geldzaken', 'Hulp bij schulden', 'Thuisadministratie', 'Budgetcursus', 'Voedselbank', 'Geldzorgen-inloop', 'Formulierenhulp'],
    organizations: ['Schuldhulpmaatje', 'Humanitas', 'Geldfit', 'Voedselbank Eemland', 'Leger des Heils'],
    sentences: ['Hulp bij betalingsachterstanden en contact met de deurwaarder.', 'Samen uw post en administratie op orde brengen.', 'Wij maken een overzicht van uw inkomsten en uitgaven.', 'Ook voor een betalingsregeling of incasso.'],
  },
  {
    code: 'toeslagen_belasting', name: 'Toeslagen & belasting', topics: ['toeslagen', 'belastingaangifte'],
    services: ['Hulp bij toeslagen', 'Belastingaangifte invullen', 'Toeslagenspreekuur', 'Belastingservice', 'Huurtoeslag aanvragen', 'Hulp bij de blauwe envelop'],
    organizations: ['Belastingservice FNV', 'Sociaal Raadslieden', 'Humanitas', 'Bibliotheek Eemland', 'Belastingdienst'],
    sentences: ['Wij helpen bij huurtoeslag, zorgtoeslag en kinderopvangtoeslag.', 'Vrijwilligers vullen samen met u de aangifte inkomstenbelasting in.', 'Neem uw DigiD en de brieven van de Belastingdienst mee.', 'Ook voor wijzigingen doorgeven en terugbetalen.'],
  },
  {
    code: 'digitale_hulp', name: 'Digitale hulp', topics: ['digid', 'mijnoverheid_berichtenbox', 'computer_tablet_smartphone', 'email_inloggen', 'veilig_online'],
    services: ['DigiD-spreekuur', 'Informatiepunt Digitale Overheid', 'Klik & Tik', 'Digicafé', 'Computerhulp aan huis', 'Cursus veilig online', 'Tabletcursus'],
    organizations: ['Bibliotheek Eemland', 'SeniorWeb', 'Digisterker', 'Stichting Digitaal Meedoen'],
    sentences: ['Hulp bij DigiD aanvragen, activeren en inloggen.', 'Leer werken met computer, tablet of smartphone.', 'Vragen over MijnOverheid en de Berichtenbox.', 'Herken nepmail en oplichting.'],
  },
  {
    code: 'werk_inkomen', name: 'Werk & inkomen', topics: ['uitkering', 'aow_pensioen'],
    services: ['Werkplein', 'Hulp bij uw uitkering', 'Sollicitatiehulp', 'Werkcafé', 'Spreekuur AOW en pensioen', 'Jongerenloket'],
    organizations: ['Werkplein Eemland', 'UWV', 'Gemeente Amersfoort', 'SVB'],
    sentences: ['Vragen over WW, bijstand of de Participatiewet.', 'Hulp bij het schrijven van een cv en sollicitatiebrief.', 'Uitleg over uw AOW en pensioen.', 'Begeleiding naar betaald werk of vrijwilligerswerk.'],
  },
  {
    code: 'zorg_welzijn', name: 'Zorg & welzijn', topics: ['zorgverzekering_eigen_bijdrage', 'wlz_indicatie'],
    services: ['Sociaal wijkteam', 'Steunpunt Mantelzorg', 'Welzijnsspreekuur', 'Huiskamer voor ouderen', 'Maatjesproject', 'Buurtteam'],
    organizations: ['Indebuurt033', 'Wijkteams Amersfoort', 'Stichting Welzijn', 'Rode Kruis'],
    sentences: ['Voor vragen over zorg, welzijn en eenzaamheid.', 'Ondersteuning voor mantelzorgers.', 'Hulp bij de zorgverzekering en het eigen risico.', 'Samen zoeken we wat u nodig heeft.'],
  },
  {
    code: 'wonen', name: 'Wonen', topics: ['huur_huurcommissie'],
    services: ['Huurteam', 'Energiecoach aan huis', 'Woonwijzer', 'Spreekuur wonen', 'Huurcommissie-loket'],
    organizations: ['Huurteam Eemland', 'Energiek Amersfoort', 'Woningcorporatie Alliantie', 'Portaal'],
    sentences: ['Gratis advies over huurverhoging, onderhoud en de Huurcommissie.', 'Tips om uw energierekening te verlagen.', 'Hulp bij het zoeken van een woning of urgentie.', 'Voor huurders met vragen over hun verhuurder.'],
  },
  {
    code: 'juridisch', name: 'Juridisch', topics: ['rechtsbijstand', 'alimentatie'],
    services: ['Juridisch Loket spreekuur', 'Gratis advocatenspreekuur', 'Sociaal Raadslieden', 'Rechtswinkel', 'Bezwaar maken'],
    organizations: ['Het Juridisch Loket', 'Orde van Advocaten', 'Sociaal Raadslieden', 'Rechtswinkel Amersfoort'],
    sentences: ['Gratis juridisch advies over werk, wonen en scheiding.', 'Hulp bij een bezwaarschrift tegen een besluit.', 'Uitleg over alimentatie en omgangsregeling.', 'Wij verwijzen zo nodig naar een advocaat.'],
  },
  {
    code: 'taal', name: 'Taal', topics: ['formulier_invullen'],
    services: ['Taalcafé', 'Taalmaatje', 'Nederlands leren', 'Inburgering', 'Lezen en schrijven', 'Taalhuis-spreekuur'],
    organizations: ['Taalhuis Amersfoort', 'Het Begint met Taal', 'Stichting Lezen & Schrijven', 'Bibliotheek Eemland'],
    sentences: ['Oefen Nederlands spreken in een ontspannen sfeer.', 'Een vrijwilliger helpt u met lezen en schrijven.', 'Voorbereiding op het inburgeringsexamen.', 'Voor iedereen die beter Nederlands wil leren.'],
  },
  {
    code: 'opvoeding', name: 'Opvoeding', topics: ['gemeentelijke_regelingen'],
    services: ['Opvoedspreekuur', 'Ouder-kindgroep', 'Jeugdspreekuur', 'Consultatiebureau', 'Home-Start'],
    organizations: ['CJG Amersfoort', 'Jeugdgezondheidszorg', 'Home-Start Eemland'],
    sentences: ['Vragen over opvoeden, school en gedrag.', 'Ouders ontmoeten elkaar en delen ervaringen.', 'Ondersteuning voor gezinnen met jonge kinderen.', 'Ook voor ouders van pubers.'],
  },
  {
    code: 'vervoer', name: 'Vervoer', topics: ['rijbewijs', 'voertuig'],
    services: ['Regiotaxi', 'Automaatje', 'Vrijwillige chauffeursdienst', 'OV-ambassadeur', 'Scootmobielpool'],
    organizations: ['Regiotaxi Utrecht', 'ANWB Automaatje', 'Stichting Welzijn', 'U-OV'],
    sentences: ['Vervoer naar het ziekenhuis of de huisarts.', 'Hulp bij reizen met bus en trein.', 'Vrijwilligers rijden u tegen een kleine vergoeding.', 'Vragen over uw rijbewijs of voertuig.'],
  },
];

const PLACES = [
  'Centrum', 'Vathorst', 'Kattenbroek', 'Schothorst', 'Liendert', 'Rustenburg', 'Soesterkwartier',
  'Hoogland', 'Nieuwland', 'Randenbroek', 'Schuilenburg', 'Zielhorst', 'Kruiskamp', 'Leusderkwartier',
];
const GENERAL_SENTENCES = [
  'Gratis en zonder afspraak.', 'Alleen op afspraak.', 'U kunt ook bellen.', 'Neem uw identiteitsbewijs mee.',
  'Rolstoeltoegankelijk.', 'Ook in het Engels.', 'Koffie staat klaar.', 'Na aanmelding door de bibliotheek.',
];
const EXTRA_LANGUAGES = ['en', 'ar', 'tr', 'pl', 'uk', 'ti', 'so', 'fa'];
const REFERRAL_METHODS: ReferralMethod[] = ['warm', 'walk_in', 'appointment', 'phone'];
/** Amersfoort, Eemplein: the generated services lie within FIXTURE_RADIUS_KM of it. */
export const FIXTURE_CENTRE = { latitude: 52.1595, longitude: 5.3827 } as const;
export const FIXTURE_RADIUS_KM = 8;

/**
 * `n` deterministic services for a seed; the first k of n are the same as those of k, so a
 * benchmark can grow a data set.
 */
export function generateSearchDocuments(n: number, seed: number): SearchDocument[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const docs: SearchDocument[] = [];
  for (let i = 0; i < n; i++) {
    const theme = pick(FIXTURE_THEMES);
    const second = random() < 0.2 ? pick(FIXTURE_THEMES) : undefined;
    const themes = second && second !== theme ? [theme, second] : [theme];
    const place = pick(PLACES);
    const topics = [...new Set([pick(theme.topics), ...(random() < 0.3 ? [pick(theme.topics)] : [])])];
    const languages = ['nl', ...new Set(Array.from({ length: Math.floor(random() * 3) }, () => pick(EXTRA_LANGUAGES)))];
    const located = random() >= 0.05;
    const referral = random() < 0.1 ? undefined : pick(REFERRAL_METHODS);
    docs.push({
      id: `svc-${String(i + 1).padStart(6, '0')}`,
      name: `${pick(theme.services)} ${place}`,
      alternateName: random() < 0.1 ? pick(theme.services) : undefined,
      organizationName: pick(theme.organizations),
      description: [pick(theme.sentences), pick(theme.sentences), pick(GENERAL_SENTENCES)].join(' '),
      themes: themes.map((t) => t.code),
      themeNames: themes.map((t) => t.name),
      idoTopics: topics,
      referralMethod: referral,
      languages,
      ...(located ? placeAround(random(), random()) : {}),
    });
  }
  return docs;
}

/** A point spread evenly over the disc of FIXTURE_RADIUS_KM around the centre. */
function placeAround(r: number, angle: number): { latitude: number; longitude: number } {
  const km = FIXTURE_RADIUS_KM * Math.sqrt(r);
  const theta = 2 * Math.PI * angle;
  const kmPerDegreeLatitude = 111.195;
  const kmPerDegreeLongitude = kmPerDegreeLatitude * Math.cos((FIXTURE_CENTRE.latitude * Math.PI) / 180);
  return {
    latitude: round6(FIXTURE_CENTRE.latitude + (km * Math.sin(theta)) / kmPerDegreeLatitude),
    longitude: round6(FIXTURE_CENTRE.longitude + (km * Math.cos(theta)) / kmPerDegreeLongitude),
  };
}

function round6(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}
