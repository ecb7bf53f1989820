/**
 * Per-item demand models: the one door app/api uses. Fit with fitDemandModel (or fitAndEvaluate
 * for `replenish fit`), store the model as JSON, forecast with samplePaths / forecastMean /
 * horizonDemand.
 */
export { detectClosedDays, dayNumberOf, isoDateOf, type StoreCalendar, type ClosedDayOptions } from './calendar';
export { fitDemandModel, type FitOptions, type FitResult } from './model';
export { fitAndEvaluate, mase, type Accuracy, type Evaluation, type EvaluateOptions } from './accuracy';
export { samplePaths, forecastMean, forecastMoments, forecastQuantiles, horizonDemand, type HorizonDemand } from './forecast';
export { demandStats, classifyDemand, type DemandStats, type DemandClass } from './stats';
export type { FittedDemandModel, SmoothModel, IntermittentModel, ClosedRule, SeasonalProfile } from './types';
