import type { ConfigSnapshot } from '../../domain/config/snapshot.js';
import type { SnapshotStore } from '../../data/snapshot-store.js';

/** Reloads this instance's snapshot (the save just bumped the version) and describes one call on it. */
export async function nextCallAfterSave(
  snapshots: SnapshotStore,
  describe: (snapshot: ConfigSnapshot) => string | null,
): Promise<string | undefined> {
  await snapshots.refresh();
  const snapshot = snapshots.current();
  const line = snapshot === null ? null : describe(snapshot);
  return line === null ? undefined : `Next call: ${line}`;
}
