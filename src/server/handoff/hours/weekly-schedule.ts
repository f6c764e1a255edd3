/** Days of the week as `openingHours` takes them, Monday first (ISO 8601). */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** `['09:00', '17:30']`: open from the first time (included) to the second (excluded), local time. */
export type TimeRange = readonly [string, string];

/** Minutes since local midnight; an end may be up to 48 h when a range runs past midnight. */
export interface MinuteRange {
  start: number;
  end: number;
}

const DAY = 24 * 60;

/**
 * Parses and checks a weekly schedule into minute ranges per weekday, throwing a message that
 * names the faulty day and range. A range whose end is not after its start runs past midnight
 * into the next day (`['22:00', '02:00']`); `'24:00'` ends a range at midnight.
 */
export function parseWeekly(weekly: unknown, where: string): ReadonlyMap<Weekday, readonly MinuteRange[]> {
  if (typeof weekly !== 'object' || weekly === null || Array.isArray(weekly)) {
    throw new TypeError(`${where}: weekly must be an object such as { mon: [['09:00', '17:30']] }`);
  }
  const days = new Map<Weekday, MinuteRange[]>();
  for (const [key, value] of Object.entries(weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      throw new TypeError(`${where}: unknown day "${key}" in weekly; use ${WEEKDAYS.join(', ')}`);
    }
    if (!Array.isArray(value)) throw new TypeError(`${where}: weekly.${key} must be a list of ['HH:MM', 'HH:MM'] ranges`);
    days.set(key as Weekday, value.map((range: unknown) => parseRange(range, `${where}: weekly.${key}`)));
  }
  for (const [index, day] of WEEKDAYS.entries()) {
    const own = days.get(day) ?? [];
    // The previous day's ranges that run past midnight occupy the start of this one too.
    const previous = WEEKDAYS[(index + 6) % 7] as Weekday;
    const spill = (days.get(previous) ?? []).filter((r) => r.end > DAY).map((r) => ({ start: 0, end: r.end - DAY, label: show(r, previous) }));
    const all = [...spill, ...own.map((r) => ({ ...r, label: show(r, day) }))].sort((a, b) => a.start - b.start);
    for (let i = 1; i < all.length; i++) {
      const before = all[i - 1]!;
      const after = all[i]!;
      if (after.start < before.end) {
        throw new RangeError(`${where}: overlapping ranges ${before.label} and ${after.label}; merge them into one`);
      }
    }
  }
  return days;
}

function parseRange(range: unknown, where: string): MinuteRange {
  if (!Array.isArray(range) || range.length !== 2) throw new TypeError(`${where}: each range must be ['HH:MM', 'HH:MM'], got ${JSON.stringify(range)}`);
  const start = minutes(range[0], where, false);
  const end = minutes(range[1], where, true);
  if (start === end) throw new RangeError(`${where}: range ${JSON.stringify(range)} is empty; for a whole day use ['00:00', '24:00']`);
  return { start, end: end > start ? end : end + DAY };
}

function minutes(value: unknown, where: string, isEnd: boolean): number {
  const match = typeof value === 'string' ? /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value) : null;
  const total = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(total <= DAY) || (total === DAY && !isEnd)) {
    throw new RangeError(`${where}: ${JSON.stringify(value)} is not a time; write HH:MM from 00:00 to 23:59 (24:00 only as an end)`);
  }
  return total;
}

function show(range: MinuteRange, day: Weekday): string {
  const clock = (m: number) => `${String(Math.floor((m % DAY) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${day} ${clock(range.start)}-${range.end === DAY ? '24:00' : clock(range.end)}`;
}
