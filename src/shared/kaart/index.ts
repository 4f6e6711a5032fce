/** The public API of the sociale kaart's shared code; see README.md for the decisions behind it. */
export * from './types';
export { KAART_FIELDS, HSDS_TABLES, FIELD_LABELS, ENTITY_NAMES, fieldLabel, fieldNames, type FieldKind, type FieldSpec } from './fields';
export { KAART_THEMES, themeByCode, themeById, isThemeCode, themeTaxonomyTerms, type KaartTheme } from './themes';
export { validateKaartRecord, isValidKaartRecord, type ValidationError } from './validate';
export { telHref, isDialablePhone, isPostalCode, normalizePostalCode, isWebUrl, normalizeWebUrl, isEmail, isClockTime, typedClockTime, shortTime } from './formats';
export { isCalendarDay, isoWeek, addDays, weekdayIndex } from '../calendar';
export { scopeOfRecord, isVisibleTo, lookupIn, filterByScope, type KaartLookup } from './scope';
export { isOpenAt, isOpenToday, openingState, describeSchedules, LOOKAHEAD_DAYS, type OpeningState, type OpeningOptions, type ScheduleInput } from './opening-hours';
export { scheduleDaysText, repeatText } from './schedule-text';
export { occursOn, periodsOn, isTimedSchedule, parseByday, type DayPeriod } from './recurrence';
export { exportHsdsJson, importHsdsJson, HSDS_PROFILE, type HsdsDocument, type HsdsExportOptions } from './hsds-json';
export { exportHsdsCsvPackage, importHsdsCsvPackage, datapackageDescriptor, csvFileName, DATAPACKAGE_FILE, PUBLISHED_FILE_NAMES } from './hsds-csv';
export { normalizeClockTime, themeForTerm } from './hsds-published';
export {
  DEFAULT_TAXONOMY_MAPPING, MAX_MAPPING_TERM, addMapping, changeMapping, removeMapping, effectiveMapping, mappingRows, mappingProblem, mappingKey, noMappingEdits, isMappingEdits,
  type TaxonomyMapping, type TaxonomyMappingEdits, type MappingRow, type MappingChange,
} from './taxonomy-mapping';
export { readTaxonomyMapping, MAX_MAPPING_TERMS, type TaxonomyMappingRead } from './taxonomy-mapping-file';
export { exportHsdsServicePackage } from './hsds-nested';
export { exportHsdsTabularPackage } from './hsds-tabular';
export type { KaartImportError, KaartImportOptions, KaartImportResult } from './import-pipeline';
export {
  previewSpreadsheet, brokenRowProblems, importableRows, applyMapping, mergeDuplicate, guessMapping, parseOpeningHoursText, MAX_SPREADSHEET_ROWS,
  type SpreadsheetRow, type SpreadsheetProblem, type SpreadsheetPreview, type ExistingKaart, type SpreadsheetImportOptions,
  type SpreadsheetDuplicate, type SpreadsheetImportResult, type SpreadsheetField, type SpreadsheetMapping,
} from './spreadsheet-import';
export { SPREADSHEET_FIELD_LABELS } from './spreadsheet-columns';
export { decodeKaartFile } from './file-text';
export { ignoredFieldsText, type ImportStage, NOTICES_HEADING, notTakenText } from './import-notice-text';
