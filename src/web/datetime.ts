/** `2026-11-22T10:30` (what a datetime-local input sends), read as UTC; undefined when it is not a time. */
export function parseLocalUtc(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return undefined;
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2026-11-22 10:30:05` for a UTC instant. */
export function formatUtc(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 19);
}
