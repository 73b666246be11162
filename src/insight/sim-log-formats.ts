/** The MTA log formats a run can be written as (`run --log FORMAT FILE`; ./sim-log.ts writes them). */
export const SIM_LOG_FORMATS = ['kumomta', 'powermta', 'postfix'] as const;
export type SimLogFormat = (typeof SIM_LOG_FORMATS)[number];
