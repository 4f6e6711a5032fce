// Intl's time zone data (ICU) loaded in a thread of its own, not the page's (a long task on a slow tablet,
// issue 15): it answers whether Amsterdam's summer-time rule, which the page's wall clock uses
// (shared/time.ts), gives the browser's answer from last year to next year. One job, one answer.
import { ruleMatchesIntl } from '../shared/time';

postMessage(ruleMatchesIntl(Date.now()));
