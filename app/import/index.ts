/** The file-reading half of the importer: what the store, the API and the wizard use. */
export { previewImportFile, readImportFile, readImportFileAll } from './reader';
export { aggregateDailyDemand } from './aggregate';
export type { DailyDemand } from './aggregate';
export { parseDateValue, excelSerialToDate, dateOrderEvidence, DateOrderDetector } from './dates';
export type { ParsedDate } from './dates';
export { parseNumberText, isPercentText, NumberStyleDetector } from './numbers';
export type { NumberStyle } from './numbers';
export { SALES_RULES_TEXT, classifySalesLine } from './rules';
export { detectKind, resolveColumns, normalizeHeader, FIELD_SPECS } from './columns';
export { recordKey } from './recordKey';
export type * from './types';
export { RECORD_KINDS } from './types';
