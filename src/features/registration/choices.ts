import { categoryOfTopic, currentCodes, label, type ListName } from '../../shared/codelists';

/** The tiles of a code list: code and Dutch label, historic codes left out. */
export function choicesOf(list: ListName, only?: (code: string) => boolean) {
  return currentCodes(list).filter((code) => !only || only(code)).map((value) => ({ value, label: label(list, value) }));
}

/** The topics that belong to a category ("anders" always). */
export function topicChoices(category: string | undefined) {
  return choicesOf('topic', (topic) => topic === 'anders' || !category || categoryOfTopic(topic) === category);
}

/** An error of the field at `path`, from the validation list. */
export function errorAt(errors: ReadonlyArray<{ field: string; message: string }>, path: string): string | undefined {
  return errors.find((e) => e.field === path)?.message;
}

/** The DOM id of the control for a validation path, e.g. questions[0].topics → f-questions-0-topics. */
export function fieldId(path: string): string {
  return `f-${path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-')}`;
}
