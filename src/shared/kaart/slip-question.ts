import { isCode, label } from '../codelists';

/**
 * The question on a handover slip, as codes of the code lists only: the slip can name a topic
 * ("Hulp bij: DigiD aanvragen") but never carry a word that someone typed.
 */
export interface SlipQuestion {
  topics: string[];
  digidFollowUp?: string;
}

const MAX_TOPICS = 5;

/** Keeps only real topic codes (never "anders": it says nothing to a partner), each once. */
function topicCodes(values: readonly unknown[]): string[] {
  const topics = values.filter((v): v is string => isCode('topic', v) && v !== 'anders');
  return [...new Set(topics)].slice(0, MAX_TOPICS);
}

/** The slip's question from a question of the form: its topic codes, nothing typed. */
export function slipQuestionOf(question: { topics?: readonly unknown[]; digidFollowUp?: unknown }): SlipQuestion {
  const topics = topicCodes(Array.isArray(question.topics) ? question.topics : []);
  const followUp = question.digidFollowUp;
  return topics.includes('digid') && isCode('digidFollowUp', followUp) && followUp !== 'anders' ? { topics, digidFollowUp: followUp } : { topics };
}

/** `onderwerp=digid,toeslagen&digid=aanvragen`, for the slip's address; empty without topics. */
export function slipQuestionQuery(question: SlipQuestion): string {
  if (question.topics.length === 0) return '';
  const params = new URLSearchParams({ onderwerp: question.topics.join(',') });
  if (question.digidFollowUp) params.set('digid', question.digidFollowUp);
  return params.toString().replace(/%2C/g, ',');
}

/** Reads the question back from the slip's address; whatever is not a code is dropped. */
export function slipQuestionFromQuery(query: string): SlipQuestion {
  const params = new URLSearchParams(query);
  return slipQuestionOf({ topics: (params.get('onderwerp') ?? '').split(','), digidFollowUp: params.get('digid') ?? undefined });
}

/** "DigiD aanvragen" as it is; "Wachtwoord vergeten" becomes "DigiD: wachtwoord vergeten". */
function digidText(followUp: string): string {
  const text = label('digidFollowUp', followUp);
  return text.includes('DigiD') ? text : `DigiD: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

/** "DigiD aanvragen, Toeslagen": the labels of the code lists, or undefined without topics. */
export function slipQuestionText(question: SlipQuestion): string | undefined {
  const labels = question.topics.map((topic) => (topic === 'digid' && question.digidFollowUp ? digidText(question.digidFollowUp) : label('topic', topic)));
  return labels.length > 0 ? labels.join(', ') : undefined;
}
