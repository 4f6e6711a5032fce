/**
 * Made-up visitors to practise with (Instellingen → Oefenen): each in B1 Dutch, in the form's own words (its topics,
 * help and "Is de vraag opgelost?" choices), so a new colleague finds every step on the form. No case holds a name or
 * number to write down; the last one shows that the form refuses such a thing.
 */
export const PRACTICE_CASES: readonly string[] = [
  'Een mevrouw is het wachtwoord van haar DigiD vergeten. U vraagt samen een nieuw wachtwoord aan. Dat lukt, in een kwartier.',
  'Een meneer heeft een brief over zijn huurtoeslag en begrijpt die niet. U legt de brief uit en vertelt waar de schuldhulp in de buurt spreekuur heeft. De vraag is deels opgelost.',
  'Een jongen wil studiefinanciering aanvragen bij DUO. U laat zien waar dat kan. Hij doet het thuis zelf.',
  'Een mevrouw wil hulp bij haar belastingaangifte, en ze weet niet hoe de Berichtenbox van MijnOverheid werkt. Dat zijn twee vragen in één contact.',
  'Een meneer heeft een boete van het CJIB en wil in delen betalen. U zoekt samen op hoe dat moet. Hij moet nog bellen: de vraag is deels opgelost.',
  'U staat met een pop-up IDO in een wijkcentrum, zonder internet. Een meneer wil de DigiD-app op zijn telefoon zetten. Registreer het toch: op een echte dag bewaart de tablet het en verstuurt het later.',
  'Een mevrouw noemt haar telefoonnummer. Kies bij "Soort vraag" voor "Iets anders" en typ het nummer bij "Anders, namelijk": het formulier weigert het. Namen en nummers van bezoekers schrijft u nooit op.',
];
