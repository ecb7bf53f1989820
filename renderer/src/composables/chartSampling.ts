import type { ChartOption } from '../components/EChart.vue';

type SeriesOption = NonNullable<ChartOption['series']> extends infer Series ? (Series extends readonly (infer Entry)[] ? Entry : Series) : never;

/**
 * Turn on ECharts' largest-triangle-three-buckets downsampling for every line series: a long history
 * (five years of days is 1,800+ points per series) is then drawn with about one point per pixel of
 * the plot, keeping its peaks and troughs, instead of thousands of SVG path segments. ECharts only
 * samples when a series has more points than the axis has pixels, so short series are drawn as given.
 *
 * Left alone: series that choose their own sampling, and stacked series — each series is sampled on
 * its own, so the two edges of a stacked band would keep different points and the band would tear.
 * A page with a long stacked band aggregates it (e.g. to weeks) instead.
 */
export function withLineSampling(option: ChartOption): ChartOption {
  const { series } = option;
  if (!series) return option;
  const list: SeriesOption[] = Array.isArray(series) ? series : [series as SeriesOption];
  if (!list.some(samplable)) return option;
  const sampled = list.map((entry) => (samplable(entry) ? { ...entry, sampling: 'lttb' as const } : entry));
  return { ...option, series: Array.isArray(series) ? sampled : sampled[0] } as ChartOption;
}

function samplable(series: SeriesOption): boolean {
  return series.type === 'line' && series.sampling === undefined && series.stack === undefined;
}
