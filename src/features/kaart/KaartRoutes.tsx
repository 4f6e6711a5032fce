import { ConflictsPage } from './ConflictsPage';
import { ImportPage } from './ImportPage';
import { KaartPage } from './KaartPage';
import { ServiceEditPage } from './ServiceEditPage';
import { ServicePage } from './ServicePage';
import { HandoverSlip } from './slip/HandoverSlip';

/** The sociale kaart's pages as one lazily loaded chunk: the app shell loads them on first use. */
export const kaartPages = { KaartPage, ServicePage, ServiceEditPage, ConflictsPage, ImportPage, HandoverSlip };
