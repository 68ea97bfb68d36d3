// The Search tab's CPU and Memory texts and sort keys, as XenCenter's PropertyAccessorHelper
// writes them (QUERY_PERCENT_OF_CPU(S), QUERY_MEMORY_USAGE with Util.MemorySizeStringSuitableUnits,
// HYPHEN when not known; ranks rounded as C#'s Math.Round, texts as ToString("0.")), and the Disks and
// Network throughput as QUERY_DATA_AVG_MAX "{0}/{1}" in whole KiB/s.
import { describe, it, expect } from 'vitest';
import type { ObjectUsage } from '../../shared/ipc/contract';
import {
  NO_USAGE, THROUGHPUT_UNITS, cpuUsageRank, cpuUsageText, memorySizeText, memoryUsagePercentText, memoryUsageRank, memoryUsageText, memoryUsageValue, roundHalfEven, throughputRank, throughputText,
} from '../../shared/metrics/usage-text';

const KIB = 1024;
const MIB = KIB * KIB;
const GIB = KIB * MIB;
const u = (o: Partial<ObjectUsage>): ObjectUsage => ({ cpu: null, cpus: 0, memoryUsed: null, memoryTotal: null, ...o });

describe('memorySizeText (Util.MemorySizeStringSuitableUnits, no ".0")', () => {
  it('writes GB with one decimal up to 100 GB and none above, MB and kB whole, bytes as they are, zero as "0"', () => {
    expect(memorySizeText(4 * GIB)).toBe('4 GB');
    expect(memorySizeText(1.2 * GIB)).toBe('1.2 GB');
    expect(memorySizeText(1.25 * GIB)).toBe('1.3 GB'); // away from zero
    expect(memorySizeText(1.96 * GIB)).toBe('2 GB');
    expect(memorySizeText(100 * GIB)).toBe('100 GB');
    expect(memorySizeText(100.4 * GIB)).toBe('100 GB');
    expect(memorySizeText(255.5 * GIB)).toBe('256 GB');
    expect(memorySizeText(GIB - 1)).toBe('1024 MB');
    expect(memorySizeText(512 * MIB)).toBe('512 MB');
    expect(memorySizeText(2.5 * MIB)).toBe('2 MB'); // Math.Round: halves to even
    expect(memorySizeText(3.5 * MIB)).toBe('4 MB');
    expect(memorySizeText(1536)).toBe('2 kB');
    expect(memorySizeText(KIB)).toBe('1 kB');
    expect(memorySizeText(1000)).toBe('1000 B');
    expect(memorySizeText(0)).toBe('0');
  });
});

describe('roundHalfEven (C# Math.Round)', () => {
  it('rounds halves to the even neighbour and everything else to the nearest', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 2, 3]);
  });
});

describe('CPU column', () => {
  it('says "N% of M CPUs", "N% of 1 CPU" for one, with the mean over the CPUs', () => {
    expect(cpuUsageText(u({ cpu: 0.12, cpus: 4 }))).toBe('12% of 4 CPUs');
    expect(cpuUsageText(u({ cpu: 0.0749, cpus: 1 }))).toBe('7% of 1 CPU');
    expect(cpuUsageText(u({ cpu: 0.125, cpus: 2 }))).toBe('13% of 2 CPUs'); // ToString("0."): halves away from zero
    expect(cpuUsageText(u({ cpu: 0, cpus: 16 }))).toBe('0% of 16 CPUs');
    expect(cpuUsageText(u({ cpu: 1, cpus: 2 }))).toBe('100% of 2 CPUs');
  });

  it('says "-" when not known: no sample, no CPUs, an unknown CPU', () => {
    for (const x of [undefined, u({ cpu: 0.5, cpus: 0 }), u({ cpu: null, cpus: 4 }), u({ cpu: NaN, cpus: 2 })]) expect(cpuUsageText(x)).toBe(NO_USAGE);
    expect(NO_USAGE).toBe('-');
  });

  it('sorts by whole percent (Math.Round), null when not known', () => {
    expect(cpuUsageRank(u({ cpu: 0.123, cpus: 4 }))).toBe(12);
    expect(cpuUsageRank(u({ cpu: 0.125, cpus: 4 }))).toBe(12);
    expect(cpuUsageRank(u({ cpu: 0.135, cpus: 4 }))).toBe(14);
    expect(cpuUsageRank(u({ cpu: null, cpus: 4 }))).toBeNull();
    expect(cpuUsageRank(undefined)).toBeNull();
  });
});

describe('Memory column', () => {
  it('says "<used> of <total>"', () => {
    expect(memoryUsageText(u({ memoryUsed: 1.2 * GIB, memoryTotal: 4 * GIB }))).toBe('1.2 GB of 4 GB');
    expect(memoryUsageText(u({ memoryUsed: 700 * MIB, memoryTotal: 1 * GIB }))).toBe('700 MB of 1 GB');
    expect(memoryUsageText(u({ memoryUsed: 0, memoryTotal: 2 * GIB }))).toBe('0 of 2 GB');
    expect(memoryUsagePercentText(u({ memoryUsed: 1.2 * GIB, memoryTotal: 4 * GIB }))).toBe('30% of 4 GB');
  });

  it('says "-" when not known: no guest agent (no used figure), no total, a total of 0, more free than total', () => {
    for (const x of [undefined, u({ memoryTotal: 4 * GIB }), u({ memoryUsed: GIB }), u({ memoryUsed: 0, memoryTotal: 0 }), u({ memoryUsed: -1, memoryTotal: GIB }), u({ memoryUsed: NaN, memoryTotal: GIB })]) {
      expect(memoryUsageText(x)).toBe(NO_USAGE);
      expect(memoryUsagePercentText(x)).toBe(NO_USAGE);
      expect(memoryUsageRank(x)).toBeNull();
      expect(memoryUsageValue(x)).toBeNull();
    }
  });

  it('sorts by whole percent used, or by the bytes used', () => {
    expect(memoryUsageRank(u({ memoryUsed: 1.2 * GIB, memoryTotal: 4 * GIB }))).toBe(30);
    expect(memoryUsageRank(u({ memoryUsed: 1, memoryTotal: 8 }))).toBe(12); // 12.5 -> 12
    expect(memoryUsageValue(u({ memoryUsed: 123, memoryTotal: 456 }))).toBe(123);
  });
});

describe('throughputText (QUERY_DATA_AVG_MAX) and throughputRank', () => {
  it('writes the mean and the busiest device in whole KiB/s, halves away from zero, as "avg/max"', () => {
    expect(throughputText({ avg: 12 * KIB, max: 40 * KIB })).toBe('12/40');
    expect(throughputText({ avg: 0, max: 0 })).toBe('0/0');
    expect(throughputText({ avg: 1.5 * KIB, max: 2.5 * KIB })).toBe('2/3');
    expect(throughputText({ avg: 0.4 * KIB, max: 3 * MIB })).toBe('0/3072');
    expect(THROUGHPUT_UNITS).toBe('(avg / max KBs)');
  });

  it('sorts by the mean bytes/s, and says "-" (null rank) when not known', () => {
    expect(throughputRank({ avg: 9 * KIB, max: 9 * KIB })).toBeLessThan(throughputRank({ avg: 10 * KIB, max: 10 * KIB })!);
    expect(throughputRank({ avg: 1234, max: 5000 })).toBe(1234);
    for (const x of [undefined, { avg: NaN, max: 0 }, { avg: 1, max: Infinity }]) {
      expect(throughputText(x)).toBe(NO_USAGE);
      expect(throughputRank(x)).toBeNull();
    }
  });
});
