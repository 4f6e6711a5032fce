import { describe, expect, it } from 'vitest';
import { findPersonalData, normaliseForGuard, type PersonalDataKind } from '../../src/shared/personal-data';

/**
 * The personal-data guard, table-driven: what staff must never be able to save (true positives, in every
 * writing people or a pasted text use) and what staff write every day that must pass (true negatives).
 */

const NBSP = '\u00a0';
const THIN = '\u2009';
const NARROW_NBSP = '\u202f';
const ZWSP = '\u200b';
const ZWJ = '\u200d';
const WORD_JOINER = '\u2060';
const SOFT_HYPHEN = '\u00ad';
const IDEOGRAPHIC = '\u3000';
const EN_DASH = '\u2013';
const FULL = (ascii: string) => [...ascii].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
const ARABIC_INDIC = (ascii: string) => ascii.replace(/\d/g, (d) => String.fromCharCode(0x660 + Number(d)));

const truePositives: Array<[PersonalDataKind, string]> = [
  // BSN: 9 digits passing the 11-test, in every writing
  ['bsn', 'BSN 111222333 vergeten'],
  ['bsn', 'bsn123456782'],
  ['bsn', 'BSN:123456782'],
  ['bsn', 'bsn-nummer 123456782 gevraagd'],
  ['bsn', 'nummer 1234.56.782'],
  ['bsn', 'nr 123 456 782'],
  ['bsn', '123-456-782'],
  ['bsn', '12.34.56.782'],
  ['bsn', '123/456/782'],
  ['bsn', '1234 56 782'],
  ['bsn', `bsn 123${NBSP}456${NBSP}782`],
  ['bsn', `bsn 123${THIN}456${THIN}782`],
  ['bsn', `bsn 123${NARROW_NBSP}456${NARROW_NBSP}782`],
  ['bsn', `bsn 1234${ZWSP}56782`],
  ['bsn', `1${ZWJ}2${WORD_JOINER}3${SOFT_HYPHEN}456782`],
  ['bsn', `bsn${IDEOGRAPHIC}123456782`],
  ['bsn', `bsn ${FULL('123456782')}`],
  ['bsn', `bsn ${ARABIC_INDIC('123456782')}`],
  ['bsn', 'sofinummer 111.222.333'],
  ['bsn', 'burgerservicenummer: 111 22 23 33'],
  ['bsn', 'meneer123456782heeft'],
  ['bsn', 'bsn 12345678 2'],
  ['bsn', 'oud BSN 12345672 (8 cijfers)'],
  ['bsn', `bsn 123${EN_DASH}456${EN_DASH}782`],
  ['bsn', 'bsn 1̲2̲3̲4̲5̲6̲7̲8̲2̲'],
  ['bsn', '(123) 456 782'],
  // Phone numbers: mobile, landline, international, glued to letters
  ['phone', 'bel 06-12345678 terug'],
  ['phone', 'bel 06 1234 5678'],
  ['phone', 'tel0612345678'],
  ['phone', 'tel:0612345678'],
  ['phone', 'mob.06-12345678'],
  ['phone', '06-12345678'],
  ['phone', '06 12 34 56 78'],
  ['phone', '06.12.34.56.78'],
  ['phone', '06/12345678'],
  ['phone', '(06) 12345678'],
  ['phone', '06-1234 5678'],
  ['phone', '0612345678'],
  ['phone', 'tel +31 6 12345678'],
  ['phone', '+31612345678'],
  ['phone', 'nummer+31612345678'],
  ['phone', '+31 (0)6 1234 5678'],
  ['phone', '+31(0)612345678'],
  ['phone', '0031 6 1234 5678'],
  ['phone', '0031612345678'],
  ['phone', '0031-(0)6-12345678'],
  ['phone', 'vast nummer 020-1234567'],
  ['phone', '020 123 45 67'],
  ['phone', '(020) 123 4567'],
  ['phone', '0511-123456'],
  ['phone', '+31 20 123 4567'],
  ['phone', 'belgisch nummer +32 470 12 34 56'],
  ['phone', '+48 512 345 678'],
  ['phone', '0032 470 123 456'],
  ['phone', `tel ${FULL('06-12345678')}`],
  ['phone', `tel ${FULL('+31612345678')}`],
  ['phone', `06${NBSP}12345678`],
  ['phone', `06${ZWSP}1234${ZWSP}5678`],
  ['phone', `06${EN_DASH}12345678`],
  ['phone', '06\u201212345678'],
  ['phone', '06\u221212345678'],
  ['phone', `06${IDEOGRAPHIC}12345678`],
  ['phone', `tel ${ARABIC_INDIC('0612345678')}`],
  ['phone', 'terugbellen op 06_12_34_56_78'],
  ['phone', 'ZOON 06-87654321 BELLEN'],
  // E-mail addresses, also spelled out
  ['email', 'mail naar jan.jansen@example.nl gestuurd'],
  ['email', 'jan@ziggo'],
  ['email', 'Jan.Jansen+toeslag@gmail.com'],
  ['email', `jan${FULL('@')}example.nl`],
  ['email', 'jan\ufe6bexample.nl'],
  ['email', 'naam [at] domein [dot] nl'],
  ['email', 'naam(at)domein.nl'],
  ['email', 'naam (at) domein (punt) nl'],
  ['email', 'naam{at}domein.nl'],
  ['email', 'naam at domein dot nl'],
  ['email', 'naam apenstaartje domein punt nl'],
  ['email', 'jan @ hotmail.com'],
  ['email', 'jan@ hotmail . com'],
  ['email', `jan${ZWSP}@${ZWSP}kpnmail.nl`],
  ['email', 'mailadres: j.devries@kpnmail.nl'],
  ['email', `${FULL('jan@example.nl')}`],
  // IBAN
  ['iban', 'rekening NL91 ABNA 0417 1643 00'],
  ['iban', 'NL91ABNA0417164300'],
  ['iban', 'rekeningNL91ABNA0417164300'],
  ['iban', 'nl91abna0417164300'],
  ['iban', `iban ${FULL('NL91ABNA0417164300')}`],
  ['iban', `NL91${NBSP}ABNA${NBSP}0417${NBSP}1643${NBSP}00`],
  ['iban', 'NL91-ABNA-0417-1643-00'],
  ['iban', 'Belgische rekening BE68 5390 0754 7034'],
  ['iban', 'DE89370400440532013000'],
  // Addresses: postcode with house number, every common writing; street with number
  ['address', 'woont op 1234 AB 12'],
  ['address', 'Kerkstraat 12, 1234 AB'],
  ['address', '1234ab 5'],
  ['address', '1234AB12'],
  ['address', '1234 ab 12a'],
  ['address', '1234AB, 12'],
  ['address', 'Dorpsstraat 12, 1234 AB'],
  ['address', '1234 AB nr. 12'],
  ['address', '1234AB huisnummer 12'],
  ['address', '1234-AB-12'],
  ['address', '1234AB/12'],
  ['address', 'postcode1234AB12'],
  ['address', '12 1234AB'],
  ['address', '12a, 1234 AB'],
  ['address', '12-3 1234 AB Utrecht'],
  ['address', `1234${NBSP}AB${NBSP}12`],
  ['address', `${FULL('1234AB12')}`],
  ['address', `1234${ZWSP}AB${ZWSP}12`],
  ['address', 'woont Dorpsstraat 12'],
  ['address', 'adres kerkstraat 3a'],
  ['address', 'Lange Nieuwstraat 112'],
  ['address', 'Burgemeester de Withstraat 4'],
  ['address', 'Oudegracht 210'],
  ['address', 'Stationsplein 1, Utrecht'],
  ['address', 'Julianalaan 45-2'],
  ['address', 'Rijksstraatweg 8'],
  ['address', 'Nieuwe Markt 1'],
  // Dates of birth
  ['birthdate', 'geboren 12-03-1954'],
  ['birthdate', 'geb. 3 maart 1954'],
  ['birthdate', 'geboortedatum: 1954-03-12'],
  ['birthdate', 'geboren op 12/3/54'],
  ['birthdate', '12-03-1954'],
  ['birthdate', '3 mrt 1961'],
  ['birthdate', 'geboren in 1954'],
  ['birthdate', `geb ${FULL('12-03-1954')}`],
];

const trueNegatives: string[] = [
  'hulp bij aanvraag huurtoeslag 2025',
  'formulier 1040 van UWV',
  'bedrag € 1.234,56 terugbetalen',
  '€ 12.345.678 schuld van de gemeente (voorbeeld)',
  'toeslag van 1.234,56 euro per maand',
  'aangifte 2024 en 2025, 3 formulieren',
  'toeslagen 2024-2025',
  'jaren 2019-2020 en 2021-2022',
  'om 10:30 kwam ze, 45 minuten',
  'afspraak om 10.30 uur',
  'spreekuur 10.30-11.45',
  'op 12-3 terugkomen',
  'afspraak op 12-03-2026',
  'brief van 06-03-2025 over de aanslag',
  'brief van 15-06-2010 van de SVB',
  'afspraak 2026-03-12 om 14:00',
  'DigiD-code gevraagd, sms-code 123456',
  'DigiD activeringscode per brief',
  '3 vragen',
  'formulier IB 60',
  'aangifte 2023 IB 60',
  'M-formulier 2024',
  'zaaknummer 123456789',
  'Bus 12 naar het gemeentehuis genomen',
  'woont in 1234 AB',
  'NL00ABNA0417164300',
  'formulier W-12 van de SVB',
  '0012345678',
  'Hulp bij het invullen van een formulier voor de gemeente',
  'Belastingtelefoon 0800-0543 gebeld',
  'UWV gebeld op 088 898 92 94',
  'DigiD helpdesk 088 123 6555',
  'Belastingdienst 0800 0543',
  'gemeente 14 020',
  'hulp bij wachtwoord met @ teken',
  'tekens zoals @ en #',
  'inloggen via @mijnoverheid',
  'vraag (a) en (b)',
  'op dit punt kwam ze niet verder',
  'at home service',
  'Iets met de woningmarkt 2025',
  'verzekering 2025 aanpassen',
  'Onderweg 2 vragen beantwoord',
  'de pas is weg 2 weken',
  'app versie 2.3.1 geïnstalleerd',
  'IDO-versie 1.2.3.4',
  'Windows 10 en Office 365',
  'iPhone 12, iOS 17.4',
  'Samsung A52',
  '65+ pas aangevraagd',
  'cursus Klik & Tik les 3 van 6',
  'stap 1 t/m 4 uitgelegd',
  'bijlage 2 en 3 ingevuld',
  'artikel 12 van de wet',
  'week 12 en week 13',
  '1e en 2e aanmaning',
  '2 x 30 minuten',
  '15 min',
  'aanslag 2024 van € 450',
  'toeslag € 300,- per maand',
  'pensioen vanaf 67 jaar',
  'AOW-leeftijd 67 jaar en 3 maanden',
  'huur 750 euro',
  'boete 2024 van CJIB',
  'formulier 2024 EN versie',
  'kenteken aanvragen bij RDW',
  'rijbewijs B verlengen',
  'wlz indicatie via CIZ',
  'studiefinanciering DUO 2025-2026',
  'uitkering WW en WIA',
  'energietoeslag 2023 gemeente',
  'inkomen 2022 en 2023 doorgegeven',
  'belastingjaar 2021 t/m 2023',
  'printen 10 pagina\'s',
  'scannen en mailen van 3 documenten',
  'kopie paspoort gemaakt (niet bewaard)',
  'parkeervergunning gemeente',
  'afvalpas aanvragen',
  'OV-chipkaart opladen',
  'vraag over paspoort verlengen',
  'hulp bij Mijn Overheid berichtenbox',
  'wachtwoord vergeten van e-mail',
  'hulp bij e-mail instellen op telefoon',
  'account aanmaken bij gmail',
  'inloggen op outlook.com lukte niet',
  'website www.toeslagen.nl bekeken',
  'zie belastingdienst.nl/aangifte',
  'doorverwezen naar schuldhulp',
  'formulier 1234 van de gemeente',
  'zorgtoeslag 2025 € 123,45 per maand',
  'van 9:00 tot 12:30',
  'les 1 van 4 op 12-3',
  'vraag 2 van 3',
  'postcodecheck gedaan',
  'adres wijzigen bij de gemeente uitgelegd',
  'telefoonnummer wijzigen in DigiD uitgelegd',
  'BSN opzoeken in Mijn Overheid uitgelegd (niet genoteerd)',
  'e-mailadres wijzigen bij DUO',
  'IBAN wijzigen bij de Belastingdienst uitgelegd',
  'huurcommissie: procedure 2024 gestart',
  'formulier AO 1010',
  'code 4 en 5',
  'tussen 2 en 4 kinderen',
  'jaar 2024 ma 12 uur',
  'aanvraag 1500 mg 2 keer',
  'Office 2021 installeren, 3 apparaten',
  'koopkrachttegemoetkoming 2023 van € 1.300',
  'kwijtschelding 2025 aangevraagd',
  'verklaring omtrent gedrag (VOG) aangevraagd',
  'bijzondere bijstand 2024',
  'nummer 1 t/m 10 afgevinkt',
  '2 uur',
  '',
  '     ',
];

describe('the personal-data guard finds personal data in every writing', () => {
  it('has at least 100 true positives and 100 true negatives', () => {
    expect(truePositives.length).toBeGreaterThanOrEqual(100);
    expect(trueNegatives.length).toBeGreaterThanOrEqual(100);
  });

  it.each(truePositives)('finds %s in %j', (kind, text) => {
    expect(findPersonalData(text)).toContain(kind);
  });

  it.each(trueNegatives.map((text) => [text]))('lets %j pass', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });
});

describe('normalisation before matching', () => {
  it('makes full-width digits and @ plain, and every space one space', () => {
    expect(normaliseForGuard(`${FULL('06-12345678')}${NBSP}${FULL('@')}${IDEOGRAPHIC}x${THIN}y`)).toBe('06-12345678 @ x y');
  });
  it('drops invisible characters and turns other dashes and digits into plain ones', () => {
    expect(normaliseForGuard(`1${ZWSP}2${SOFT_HYPHEN}3${EN_DASH}${ARABIC_INDIC('45')}`)).toBe('123-45');
  });
});

describe('the guard stays fast on hostile input', () => {
  // Each of these once made a backtracking pattern take quadratic time; each must simply return.
  it.each([
    ['digits with spaces', '1 '.repeat(50_000)],
    ['one long digit run', '1'.repeat(100_000)],
    ['digits and dashes', '1-'.repeat(50_000)],
    ['letters around an @', `${'a'.repeat(50_000)}@${'b'.repeat(50_000)}`],
    ['many @ signs', 'a@'.repeat(50_000)],
    ['spelled-out at', 'x at '.repeat(20_000)],
    ['one long word', 'straat'.repeat(17_000)],
    ['postcodes without numbers', '1234 AB '.repeat(12_500)],
    ['IBAN-like text', 'NL91 ABNA '.repeat(10_000)],
    ['dates', '12-03-'.repeat(17_000)],
    ['mixed', `${'1 a@b. 1234AB geb '.repeat(5_000)}`],
  ])('returns on 100 kB of %s', (_what, text) => {
    expect(text.length).toBeGreaterThanOrEqual(90_000);
    expect(Array.isArray(findPersonalData(text))).toBe(true);
  });
});
