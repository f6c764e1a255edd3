import type { OpeningHours } from '../contracts.js';
import { LocalClock, dayBefore, isCalendarDate } from './local-clock.js';
import { WEEKDAYS, parseWeekly, type MinuteRange, type TimeRange, type Weekday } from './weekly-schedule.js';

export type { TimeRange, Weekday } from './weekly-schedule.js';

export interface OpeningHoursOptions {
  /** IANA time zone the times are written in, such as `'Europe/Paris'`; checked at construction. */
  timeZone: string;
  /**
   * Open ranges per weekday on the local wall clock, start included, end excluded. A day left out
   * is closed. A range whose end is not after its start runs past midnight and belongs to the day
   * it starts on (`fri: [['22:00', '02:00']]` is open Friday night until 2 am on Saturday);
   * `'24:00'` ends a range at midnight. Overlapping ranges are refused.
   */
  weekly: Partial<Record<Weekday, readonly TimeRange[]>>;
  /**
   * Local dates (`YYYY-MM-DD`) the store is closed all day, such as public holidays. A range that
   * starts the evening before runs to its end as usual; one that starts on the closed date does
   * not open, after midnight either. @default []
   */
  closedDates?: readonly string[];
}

const DAY = 24 * 60;

/**
 * When people are at the store to answer, read on the store's wall clock, so daylight-saving
 * changes move the opening with the clock: on the night clocks go forward the skipped hour never
 * happens, and on the night they go back the repeated hour is open (or closed) both times.
 *
 * @example
 * const hours = openingHours({ timeZone: 'Europe/Paris', weekly: { mon: [['09:00', '17:30']] }, closedDates: ['2026-12-25'] });
 * hours.isOpen(Date.now());
 */
export function openingHours(options: OpeningHoursOptions): OpeningHours {
  return new WeeklyOpeningHours(options);
}

class WeeklyOpeningHours implements OpeningHours {
  private readonly clock: LocalClock;
  private readonly days: ReadonlyMap<Weekday, readonly MinuteRange[]>;
  private readonly closed: ReadonlySet<string>;

  constructor(options: OpeningHoursOptions) {
    const where = 'openingHours';
    if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: pass { timeZone, weekly }`);
    if (typeof options.timeZone !== 'string' || options.timeZone === '') {
      throw new TypeError(`${where}: timeZone must be an IANA time zone name such as 'Europe/Paris'`);
    }
    try {
      this.clock = new LocalClock(options.timeZone);
    } catch {
      throw new RangeError(`${where}: unknown time zone ${JSON.stringify(options.timeZone)}; use an IANA name such as 'Europe/Paris'`);
    }
    this.days = parseWeekly(options.weekly, where);
    const closedDates: unknown = options.closedDates ?? [];
    if (!Array.isArray(closedDates)) throw new TypeError(`${where}: closedDates must be a list of 'YYYY-MM-DD' dates`);
    for (const date of closedDates) {
      if (!isCalendarDate(date)) throw new RangeError(`${where}: closedDates has ${JSON.stringify(date)}, not a 'YYYY-MM-DD' date`);
    }
    this.closed = new Set(closedDates as string[]);
  }

  isOpen(nowMs: number): boolean {
    const local = this.clock.at(nowMs);
    const today = WEEKDAYS[local.weekday] as Weekday;
    const yesterday = WEEKDAYS[(local.weekday + 6) % 7] as Weekday;
    if (!this.closed.has(local.date) && this.within(today, local.minute)) return true;
    return !this.closed.has(dayBefore(local.date)) && this.within(yesterday, local.minute + DAY);
  }

  /** Whether `minute`, counted from the start of `day`, falls in one of its ranges. */
  private within(day: Weekday, minute: number): boolean {
    return (this.days.get(day) ?? []).some((range) => range.start <= minute && minute < range.end);
  }
}
