/**
 * Largest-triangle-three-buckets downsampling (Steinarsson, 2013) of a series drawn at equal steps:
 * the indices of at most `maxPoints` values that keep its visual shape — first and last point, and in
 * each bucket between them the point that spans the largest triangle with its neighbours, so peaks
 * and troughs survive where averaging would flatten them. The same method as ECharts' `sampling:
 * 'lttb'`, for the charts the dashboard draws itself (sparklines).
 */
export function largestTriangleThreeBuckets(values: readonly number[], maxPoints: number): number[] {
  const count = values.length;
  if (maxPoints >= count) return values.map((_, index) => index);
  if (maxPoints < 3) return count === 0 ? [] : maxPoints <= 1 ? [0] : [0, count - 1];
  const bucketSize = (count - 2) / (maxPoints - 2);
  const kept = [0];
  let previous = 0;
  for (let bucket = 0; bucket < maxPoints - 2; bucket++) {
    // The next bucket's mean point stands in for the point to be chosen there.
    const nextStart = Math.floor((bucket + 1) * bucketSize) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, count);
    let meanX = 0;
    let meanY = 0;
    for (let index = nextStart; index < nextEnd; index++) {
      meanX += index;
      meanY += values[index];
    }
    meanX /= nextEnd - nextStart;
    meanY /= nextEnd - nextStart;
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;
    let chosen = start;
    let largest = -1;
    for (let index = start; index < end; index++) {
      const area = Math.abs((previous - meanX) * (values[index] - values[previous]) - (previous - index) * (meanY - values[previous]));
      if (area > largest) {
        largest = area;
        chosen = index;
      }
    }
    kept.push(chosen);
    previous = chosen;
  }
  kept.push(count - 1);
  return kept;
}
