/**
 * Summary statistics of a daily demand history for the planner's screens, and the
 * Syntetos–Boylan–Croston classification (ADI / CV² with the cut-offs 1.32 and 0.49 of
 * Syntetos, Boylan & Croston 2005) that decides which model families are tried.
 */

export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandStats {
  /** Open days counted (closed days are not observations). */
  openDays: number;
  meanDaily: number;
  sdDaily: number;
  /** Share of open days without demand. */
  zeroShare: number;
  /** Average interval between demand days, in open days (1 = demand every open day). */
  adi: number;
  /** Squared coefficient of variation of the non-zero demand sizes. */
  cv2: number;
  demandClass: DemandClass;
}

export function classifyDemand(adi: number, cv2: number): DemandClass {
  if (adi <= ADI_CUTOFF) return cv2 <= CV2_CUTOFF ? 'smooth' : 'erratic';
  return cv2 <= CV2_CUTOFF ? 'intermittent' : 'lumpy';
}

/** Statistics over the days where `open[t]` is 1 (all days when `open` is omitted). */
export function demandStats(values: ArrayLike<number>, open?: Uint8Array): DemandStats {
  let openDays = 0;
  let sum = 0;
  let sumSq = 0;
  let demandDays = 0;
  let sizeSum = 0;
  let sizeSumSq = 0;
  for (let t = 0; t < values.length; t++) {
    if (open && !open[t]) continue;
    const y = values[t];
    openDays++;
    sum += y;
    sumSq += y * y;
    if (y > 0) {
      demandDays++;
      sizeSum += y;
      sizeSumSq += y * y;
    }
  }
  const meanDaily = openDays > 0 ? sum / openDays : 0;
  const sdDaily = openDays > 1 ? Math.sqrt(Math.max(0, (sumSq - openDays * meanDaily * meanDaily) / (openDays - 1))) : 0;
  const meanSize = demandDays > 0 ? sizeSum / demandDays : 0;
  const sizeVariance = demandDays > 1 ? Math.max(0, (sizeSumSq - demandDays * meanSize * meanSize) / (demandDays - 1)) : 0;
  const cv2 = meanSize > 0 ? sizeVariance / (meanSize * meanSize) : 0;
  // No demand at all: the interval is unbounded; report the history length so it sorts last.
  const adi = demandDays > 0 ? openDays / demandDays : Math.max(openDays, 1);
  return {
    openDays,
    meanDaily,
    sdDaily,
    zeroShare: openDays > 0 ? 1 - demandDays / openDays : 1,
    adi,
    cv2,
    demandClass: classifyDemand(adi, cv2),
  };
}
