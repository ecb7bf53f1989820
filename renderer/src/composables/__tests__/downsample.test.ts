import { describe, expect, it } from 'vitest';
import { largestTriangleThreeBuckets } from '../downsample';

describe('largestTriangleThreeBuckets', () => {
  it('keeps every point of a series that already fits', () => {
    expect(largestTriangleThreeBuckets([4, 1, 3], 3)).toEqual([0, 1, 2]);
    expect(largestTriangleThreeBuckets([4, 1], 10)).toEqual([0, 1]);
    expect(largestTriangleThreeBuckets([], 10)).toEqual([]);
  });

  it('keeps the first and last point and exactly the asked number, in order', () => {
    const values = Array.from({ length: 1826 }, (_, day) => Math.sin(day / 20) * 10 + (day % 7));
    const kept = largestTriangleThreeBuckets(values, 59);
    expect(kept).toHaveLength(59);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(1825);
    expect(kept.every((index, order) => order === 0 || index > kept[order - 1])).toBe(true);
  });

  it('keeps a lone spike and a lone dip that averaging would flatten', () => {
    const values = new Array<number>(1000).fill(5);
    values[123] = 90;
    values[777] = 0;
    const kept = largestTriangleThreeBuckets(values, 20);
    expect(kept).toContain(123);
    expect(kept).toContain(777);
  });

  it('keeps one point per bucket: the one farthest from the line through its neighbours', () => {
    // Buckets of 2 between the ends: [1,2], [3,4], [5,6], [7,8].
    const values = [0, 0, 5, 0, 0, -4, 0, 0, 3, 0];
    expect(largestTriangleThreeBuckets(values, 6)).toEqual([0, 2, 3, 5, 8, 9]);
  });

  it('falls back to the ends when fewer than three points are asked for', () => {
    expect(largestTriangleThreeBuckets([1, 2, 3, 4], 2)).toEqual([0, 3]);
    expect(largestTriangleThreeBuckets([1, 2, 3, 4], 1)).toEqual([0]);
  });
});
