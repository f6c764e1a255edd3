import { describe, expect, it } from 'vitest';
import { openingHours } from '../../../src/server';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

/** Minutes in [from, to) during which `isOpen` said yes, probing once a minute. */
function openMinutes(hours: { isOpen(nowMs: number): boolean }, from: string, to: string): number {
  let count = 0;
  for (let t = at(from); t < at(to); t += MINUTE) if (hours.isOpen(t)) count++;
  return count;
}

describe('openingHours', () => {
  it('reads the weekly ranges on the wall clock of its time zone, start included and end excluded', () => {
    const paris = openingHours({ timeZone: 'Europe/Paris', weekly: { mon: [['09:00', '17:30']] } });
    // Monday 7 December 2026; Paris is UTC+1 in winter.
    expect(paris.isOpen(at('2026-12-07T07:59:00Z'))).toBe(false);
    expect(paris.isOpen(at('2026-12-07T08:00:00Z'))).toBe(true);
    expect(paris.isOpen(at('2026-12-07T16:29:59Z'))).toBe(true);
    expect(paris.isOpen(at('2026-12-07T16:30:00Z'))).toBe(false);
    // Days left out are closed.
    expect(paris.isOpen(at('2026-12-08T10:00:00Z'))).toBe(false);
    // The same schedule in another zone opens at another instant.
    const newYork = openingHours({ timeZone: 'America/New_York', weekly: { mon: [['09:00', '17:30']] } });
    expect(newYork.isOpen(at('2026-12-07T08:00:00Z'))).toBe(false);
    expect(newYork.isOpen(at('2026-12-07T14:00:00Z'))).toBe(true);
  });

  it('follows daylight-saving time: the skipped hour never opens, the repeated hour opens twice', () => {
    const sunday = (range: [string, string]) => openingHours({ timeZone: 'Europe/Paris', weekly: { sun: [range] } });
    // 29 March 2026: clocks go from 02:00 CET to 03:00 CEST (01:00 UTC).
    const day = sunday(['09:00', '17:00']);
    expect(day.isOpen(at('2026-03-29T07:30:00Z'))).toBe(true); // 09:30 CEST (08:30 on last week's offset)
    expect(day.isOpen(at('2026-03-29T15:30:00Z'))).toBe(false); // 17:30 CEST
    expect(openMinutes(day, '2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z')).toBe(8 * 60);
    expect(openMinutes(sunday(['02:00', '03:00']), '2026-03-28T22:00:00Z', '2026-03-29T04:00:00Z')).toBe(0);
    // 25 October 2026: clocks go from 03:00 CEST back to 02:00 CET (01:00 UTC), so 02:00-03:00 happens twice.
    expect(openMinutes(sunday(['02:00', '03:00']), '2026-10-24T22:00:00Z', '2026-10-25T04:00:00Z')).toBe(120);
    expect(openMinutes(day, '2026-10-25T00:00:00Z', '2026-10-26T00:00:00Z')).toBe(8 * 60);
  });

  it('runs a range past midnight into the next day, which belongs to the day it starts on', () => {
    const late = openingHours({ timeZone: 'Europe/Paris', weekly: { fri: [['22:00', '02:00']], sun: [['23:00', '01:00']] } });
    // Friday 11 December 2026, UTC+1.
    expect(late.isOpen(at('2026-12-11T20:59:00Z'))).toBe(false); // Fri 21:59
    expect(late.isOpen(at('2026-12-11T21:00:00Z'))).toBe(true); // Fri 22:00
    expect(late.isOpen(at('2026-12-12T00:59:00Z'))).toBe(true); // Sat 01:59
    expect(late.isOpen(at('2026-12-12T01:00:00Z'))).toBe(false); // Sat 02:00
    expect(late.isOpen(at('2026-12-12T22:00:00Z'))).toBe(false); // Sat 23:00: Saturday has no range
    // Sunday night runs into Monday, across the end of the week.
    expect(late.isOpen(at('2026-12-13T23:30:00Z'))).toBe(true); // Mon 00:30
    expect(late.isOpen(at('2026-12-14T00:00:00Z'))).toBe(false); // Mon 01:00
    const allDay = openingHours({ timeZone: 'UTC', weekly: { tue: [['00:00', '24:00']] } });
    expect(openMinutes(allDay, '2026-12-07T00:00:00Z', '2026-12-10T00:00:00Z')).toBe(24 * 60);
  });

  it('keeps closed dates shut all day, including the part of their night that runs past midnight', () => {
    const weekly = { fri: [['09:00', '12:00'], ['22:00', '02:00']] } as const;
    const closedFriday = openingHours({ timeZone: 'Europe/Paris', weekly, closedDates: ['2026-12-11'] });
    expect(closedFriday.isOpen(at('2026-12-11T09:00:00Z'))).toBe(false);
    expect(closedFriday.isOpen(at('2026-12-12T00:30:00Z'))).toBe(false); // Sat 01:30, Friday's night
    expect(closedFriday.isOpen(at('2026-12-18T09:00:00Z'))).toBe(true); // the next Friday
    // Closing the Saturday leaves Friday night open to its end.
    const closedSaturday = openingHours({ timeZone: 'Europe/Paris', weekly, closedDates: ['2026-12-12'] });
    expect(closedSaturday.isOpen(at('2026-12-12T00:30:00Z'))).toBe(true);
  });

  it('refuses a bad schedule at construction, saying what is wrong', () => {
    const make = (options: unknown) => () => openingHours(options as Parameters<typeof openingHours>[0]);
    const weekly = { mon: [['09:00', '17:00']] };
    expect(make({ timeZone: 'Mars/Olympus_Mons', weekly })).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
    expect(make({ weekly })).toThrow(/timeZone must be an IANA time zone/);
    expect(make({ timeZone: 'UTC', weekly: { mon: [['9:00', '17:00']] } })).toThrow(/"9:00" is not a time; write HH:MM/);
    expect(make({ timeZone: 'UTC', weekly: { mon: [['09:00', '25:00']] } })).toThrow(/"25:00" is not a time/);
    expect(make({ timeZone: 'UTC', weekly: { mon: [['24:00', '02:00']] } })).toThrow(/"24:00" is not a time.*24:00 only as an end/);
    expect(make({ timeZone: 'UTC', weekly: { mon: [['09:00', '09:00']] } })).toThrow(/is empty/);
    expect(make({ timeZone: 'UTC', weekly: { mon: [['09:00']] } })).toThrow(/each range must be \['HH:MM', 'HH:MM'\]/);
    expect(make({ timeZone: 'UTC', weekly: { monday: [['09:00', '17:00']] } })).toThrow(/unknown day "monday"/);
    expect(make({ timeZone: 'UTC', weekly: [] })).toThrow(/weekly must be an object/);
    expect(make({ timeZone: 'UTC', weekly: { mon: [['09:00', '12:00'], ['11:30', '14:00']] } }))
      .toThrow(/overlapping ranges mon 09:00-12:00 and mon 11:30-14:00/);
    expect(make({ timeZone: 'UTC', weekly: { fri: [['22:00', '03:00']], sat: [['02:00', '05:00']] } }))
      .toThrow(/overlapping ranges fri 22:00-03:00 and sat 02:00-05:00/);
    expect(make({ timeZone: 'UTC', weekly, closedDates: ['2026-02-30'] })).toThrow(/closedDates has "2026-02-30", not a 'YYYY-MM-DD' date/);
    // Touching ranges are fine.
    expect(make({ timeZone: 'UTC', weekly: { mon: [['09:00', '12:00'], ['12:00', '14:00']], sun: [['20:00', '00:00']] } })).not.toThrow();
  });
});
