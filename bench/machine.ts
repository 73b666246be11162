import os from 'node:os';

/** What the figures were measured on; benchmarks record it next to their results. */
export function machineInfo(): { date: string; node: string; cpus: string; loadavg: string } {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: `${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown'}`,
    loadavg: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
}
