/** A moment as a wall clock in some time zone reads it. */
export interface LocalTime {
  /** `YYYY-MM-DD`. */
  date: string;
  /** 0 for Monday to 6 for Sunday. */
  weekday: number;
  /** Minutes since local midnight, 0 to 1439. */
  minute: number;
}

/**
 * Reads instants on the wall clock of one IANA time zone through Intl, which knows the zone's
 * daylight-saving rules; a bad zone name throws a RangeError here, at construction.
 */
export class LocalClock {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
  }

  at(epochMs: number): LocalTime {
    const parts: Record<string, string> = {};
    for (const part of this.format.formatToParts(epochMs)) parts[part.type] = part.value;
    const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      // The weekday of a calendar date does not depend on the zone: count it in UTC.
      weekday: (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7,
      minute: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }
}

/** The calendar date before `date` (`YYYY-MM-DD`). */
export function dayBefore(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === value;
}
