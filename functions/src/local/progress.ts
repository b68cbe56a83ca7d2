import { formatProblem } from '../core/errors.ts';
import type { PublishEvent } from '../services/publish/events.ts';

/** Formats a byte count the way people read it: 1.2 MB, 340 KB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** One line of progress for each publish event, or nothing for events not worth a line. */
export function describeEvent(event: PublishEvent): string | undefined {
  switch (event.type) {
    case 'loaded':
      return `Catalog: ${event.entries} entries from ${event.agencies} agencies, ${event.withData} with data`;
    case 'checking':
      return `[${event.index}/${event.total}] ${event.code} ${event.title} (${formatBytes(event.bytes)}): checking…`;
    case 'checked':
      return `        ${event.code}: ${event.rowCount.toLocaleString('en')} rows valid in ${event.ms} ms`;
    case 'unchanged':
      return `  = ${event.code}: unchanged, v${event.version} stays live`;
    case 'published':
      return `  + ${event.code}: v${event.version} live in ${event.zone}/ (${event.rowCount.toLocaleString('en')} rows, ${formatBytes(event.bytes)} in 3 formats, ${event.ms} ms)`;
    case 'recorded':
      return undefined;
    case 'retracted':
      return `  − ${event.code}: no longer open; ${event.versions} version(s) moved from open/ to ${event.zone}/`;
    case 'snapshot':
      return `Snapshot (${event.kind}): ${event.entries} entries → ${event.key}`;
    case 'export':
      return `Export: ${event.key} (${formatBytes(event.bytes)}${event.written ? '' : ', unchanged'})`;
    case 'warning':
      return `  ! warning: ${formatProblem(event.problem)}`;
  }
}
