import { CardEditPage } from './CardEditPage';
import { CardPage } from './CardPage';
import { SnelwijzerPage } from './SnelwijzerPage';

/** The Snelwijzer's pages as one lazily loaded chunk, like the kaart's. */
export const snelwijzerPages = { SnelwijzerPage, CardPage, CardEditPage };
