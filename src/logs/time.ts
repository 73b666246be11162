/**
 * Timestamps in the forms delivery logs use, parsed and written without the Date object (fast,
 * and no wall clock): RFC 3339 (KumoMTA `event_time`, rsyslog's high-precision format,
 * ARF in KumoMTA), "YYYY-MM-DD HH:MM:SS+ZZZZ" (PowerMTA accounting), unix seconds, classic syslog
 * "Mmm dd hh:mm:ss" (RFC 3164, no year), and RFC 5322 dates ("Thu, 8 Mar 2005 14:00:00 -0400",
 * with the obsolete zone names of section 4.3). Civil-date arithmetic after H. Hinnant's
 * days_from_civil / civil_from_days.
 */

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1-12, day] of a day count since 1970-01-01. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'] as const;

/** Month 1-12 of a three-letter English month name at s[i..i+3], 0 if none. */
export function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i) | 32,
    b = s.charCodeAt(i + 1) | 32,
    c = s.charCodeAt(i + 2) | 32;
  const key = (a << 16) | (b << 8) | c;
  return MONTH_KEYS.get(key) ?? 0;
}
const MONTH_KEYS = new Map(MONTHS.map((m, i) => [((m.charCodeAt(0) | 32) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2), i + 1]));

/** Value of n decimal digits at s[i..], -1 if any is not a digit. */
export function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The day of the previous timestamp: logs run in time order, so most lines share it. */
let lastDayKey = -1;
let lastDayStart = 0;

/**
 * "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+HH:MM|+HHMM| +HHMM]" at s[i..]; no zone means UTC. Also plain
 * unix seconds ("1678069691", "1678069691.5"). NaN when it is neither.
 */
export function parseTimestamp(s: string, i = 0): number {
  const y = digits(s, i, 4);
  if (y < 0 || s.charCodeAt(i + 4) !== 45 /* - */) return parseUnix(s, i);
  const mo = digits(s, i + 5, 2),
    d = digits(s, i + 8, 2),
    h = digits(s, i + 11, 2),
    mi = digits(s, i + 14, 2),
    se = digits(s, i + 17, 2);
  const sep = s.charCodeAt(i + 10);
  if (
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > 31 ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    se < 0 ||
    se > 60 ||
    (sep !== 84 && sep !== 32 && sep !== 116)
  )
    return NaN;
  if (s.charCodeAt(i + 7) !== 45 || s.charCodeAt(i + 13) !== 58 || s.charCodeAt(i + 16) !== 58) return NaN;
  const dayKey = (y * 16 + mo) * 32 + d;
  if (dayKey !== lastDayKey) {
    lastDayKey = dayKey;
    lastDayStart = daysFromCivil(y, mo, d) * 86400;
  }
  let t = lastDayStart + h * 3600 + mi * 60 + se;
  let j = i + 19;
  if (s.charCodeAt(j) === 46 /* . */) {
    let scale = 0.1;
    let frac = 0;
    j++;
    for (let c = s.charCodeAt(j) - 48; c >= 0 && c <= 9; c = s.charCodeAt(++j) - 48) {
      frac += c * scale;
      scale /= 10;
    }
    t += frac;
  }
  if (s.charCodeAt(j) === 32 && (s.charCodeAt(j + 1) === 43 || s.charCodeAt(j + 1) === 45)) j++;
  const z = s.charCodeAt(j);
  if (z === 90 || z === 122 /* Z */) return t;
  if (z === 43 || z === 45) {
    const oh = digits(s, j + 1, 2);
    const om = s.charCodeAt(j + 3) === 58 ? digits(s, j + 4, 2) : digits(s, j + 3, 2);
    if (oh < 0 || om < 0) return NaN;
    const off = (oh * 60 + om) * 60;
    return z === 43 ? t - off : t + off;
  }
  return t;
}

function parseUnix(s: string, i: number): number {
  let j = i;
  let v = 0;
  for (let c = s.charCodeAt(j) - 48; c >= 0 && c <= 9; c = s.charCodeAt(++j) - 48) v = v * 10 + c;
  if (j === i || j - i > 12) return NaN;
  if (s.charCodeAt(j) === 46) {
    const frac = Number(s.slice(j));
    return frac === frac ? v + frac : NaN;
  }
  return j === s.length ? v : NaN;
}

/** RFC 5322 date-time (day name optional, seconds optional, numeric or obsolete named zone). NaN if not one. */
export function parseRfc5322(s: string): number {
  const m = RFC5322.exec(s);
  if (m === null) return NaN;
  const day = Number(m[1]),
    mon = monthAt(m[2]!, 0),
    year = Number(m[3]!.length === 2 ? (Number(m[3]) < 50 ? `20${m[3]}` : `19${m[3]}`) : m[3]);
  const h = Number(m[4]),
    mi = Number(m[5]),
    se = m[6] === undefined ? 0 : Number(m[6]);
  if (mon === 0 || day < 1 || day > 31 || h > 23 || mi > 59 || se > 60) return NaN;
  const zone = m[7]!;
  let off = 0;
  if (zone[0] === '+' || zone[0] === '-') off = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * (zone[0] === '+' ? 1 : -1);
  else off = ZONES[zone.toUpperCase()] ?? 0;
  return daysFromCivil(year, mon, day) * 86400 + h * 3600 + mi * 60 + se - off * 60;
}
const RFC5322 =
  /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4}|\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?/;
/** RFC 5322 section 4.3 obsolete zones, in minutes east of UTC. */
const ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  GMT: 0,
  Z: 0,
  UTC: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function parts(t: number): [y: number, mo: number, d: number, h: number, mi: number, s: number, days: number] {
  const sec = Math.floor(t);
  const days = Math.floor(sec / 86400);
  const r = sec - days * 86400;
  const [y, mo, d] = civilFromDays(days);
  return [y, mo, d, Math.floor(r / 3600), Math.floor((r % 3600) / 60), r % 60, days];
}

/** "2026-12-01T08:00:01Z" (whole seconds). */
export function isoTime(t: number): string {
  if (t !== t) return '-';
  const [y, mo, d, h, mi, s] = parts(t);
  return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}Z`;
}

/** PowerMTA accounting time: "2026-12-01 08:00:01+0000". */
export function pmtaTime(t: number): string {
  const [y, mo, d, h, mi, s] = parts(t);
  return `${y}-${pad2(mo)}-${pad2(d)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}+0000`;
}

/** Classic syslog time: "Dec  1 08:00:01" (day padded with a space). */
export function syslogTime(t: number): string {
  const [, mo, d, h, mi, s] = parts(t);
  return `${MONTHS[mo - 1]} ${d < 10 ? ` ${d}` : d} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
}

/** rsyslog RFC 3339 time with microseconds: "2026-12-01T08:00:01.000000+00:00". */
export function rfc3339Micro(t: number): string {
  const [y, mo, d, h, mi, s] = parts(t);
  const us = Math.floor((t - Math.floor(t)) * 1e6);
  return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}.${String(us).padStart(6, '0')}+00:00`;
}

/** RFC 5322 date: "Tue, 01 Dec 2026 08:00:01 +0000". */
export function rfc5322Time(t: number): string {
  const [y, mo, d, h, mi, s, days] = parts(t);
  return `${DAYS[((days % 7) + 7) % 7]}, ${pad2(d)} ${MONTHS[mo - 1]} ${y} ${pad2(h)}:${pad2(mi)}:${pad2(s)} +0000`;
}
