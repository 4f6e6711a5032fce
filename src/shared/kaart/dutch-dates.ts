/** Dutch names for days in kaart texts (lower case, as inside a sentence); dates in words: `../date-text.ts`. */
export const WEEKDAY_NAMES = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'] as const;
