/**
 * ESP warm-up schedules as published (docs of the ESPs; the numbers verbatim):
 * - SendGrid automated IP warm-up: messages per hour per IP by warm-up day 0..41, ~x1.4 a day
 *   (sendgrid/docs, ui/sending-email/warming-up-an-ip-address.md); days are sending days.
 * - SparkPost (Bird) warm-up plan: messages per day per IP by stage 1..29
 *   (SparkPost/support-docs, deliverability/ip-warm-up-overview.md).
 * - Amazon SES standard auto warm-up: the dedicated IPs' share of the traffic grows over 45 days
 *   "independently from your sending volume" (awsdocs amazon-ses-developer-guide, dedicated-ip-warming.md).
 */

/** SendGrid automated warm-up, messages/hour by warm-up day 0..41. */
export const SENDGRID_HOURLY = [
  20, 28, 39, 55, 77, 108, 151, 211, 295, 413, 579, 810, 1000, 1587, 2222, 3111, 4356, 6098, 8583, 11953, 16734, 23427, 32798, 45917, 64284,
  89998, 125997, 176395, 246953, 345735, 484029, 677640, 948696, 1328175, 1859444, 2603222, 3644511, 5102316, 7143242, 10000539, 14000754,
  19601056,
];

/** SparkPost warm-up plan, messages/day by stage 1..29. */
export const SPARKPOST_DAILY = [
  200, 500, 1000, 2000, 5000, 10000, 20000, 40000, 50000, 75000, 100000, 150000, 200000, 250000, 325000, 400000, 500000, 600000, 750000,
  1000000, 1250000, 1750000, 2000000, 3000000, 4250000, 5000000, 6000000, 7500000, 10000000,
];

/** Amazon SES standard warm-up: the dedicated IPs' share of the traffic on day d (0-based) of `days`. */
export function sesShare(day: number, days = 45): number {
  return Math.min(1, (day + 1) / days);
}
