/**
 * Classic syslog timestamps ("Dec  1 08:00:01", RFC 3164) carry no year and no zone. The year is
 * given for the first line and rolls over when the months wrap (Dec -> Jan: a month six or more
 * below the last one); a line six or more months above the last one is a late line from before
 * the rollover and takes the year before, without moving the clock back. The zone is
 * `utcOffsetMinutes` east of UTC. Day starts are cached: consecutive lines share the day.
 */
import { LogReadError } from './lines.ts';
import { daysFromCivil, digits, monthAt } from './time.ts';

export class SyslogClock {
  private year: number;
  private lastMonth = 0;
  private dayKey = -1;
  private dayEpoch = 0;
  private readonly offset: number;

  constructor(year: number | undefined, utcOffsetMinutes = 0) {
    this.year = year ?? NaN;
    this.offset = utcOffsetMinutes * 60;
  }

  /** Unix time of a classic "Mmm dd hh:mm:ss" stamp, NaN if it is not one. */
  time(s: string): number {
    const month = monthAt(s, 0);
    if (month === 0 || s.charCodeAt(3) !== 32 || s.charCodeAt(6) !== 32 || s.charCodeAt(9) !== 58 || s.charCodeAt(12) !== 58) return NaN;
    const day = s.charCodeAt(4) === 32 ? digits(s, 5, 1) : digits(s, 4, 2);
    const h = digits(s, 7, 2),
      m = digits(s, 10, 2),
      sec = digits(s, 13, 2);
    if (day < 1 || day > 31 || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return NaN;
    if (this.year !== this.year)
      throw new LogReadError('classic syslog timestamps carry no year: give the year of the first line (option year, --year)');
    let year = this.year;
    if (this.lastMonth !== 0 && month !== this.lastMonth) {
      if (this.lastMonth - month >= 6)
        year = ++this.year; // Dec -> Jan
      else if (month - this.lastMonth >= 6) year = this.year - 1; // a late line from before the rollover
      if (year === this.year) this.lastMonth = month;
    } else this.lastMonth = month;
    const key = (year * 13 + month) * 32 + day;
    if (key !== this.dayKey) {
      this.dayKey = key;
      this.dayEpoch = daysFromCivil(year, month, day) * 86400;
    }
    return this.dayEpoch + h * 3600 + m * 60 + sec - this.offset;
  }
}
