import { withSettings } from '../../domain/config/edits.js';
import type { Settings } from '../../domain/config/types.js';
import type { ConfigChangeDeps } from '../config-changes.js';
import { writeSettings } from '../config-writer.js';
import { settingsFromRow } from '../row-fields.js';
import { commitValidatedChange, type ChangeOutcome } from './validated-change.js';

/** The one row of system-wide routing settings. */
export class SettingsRepository {
  constructor(private readonly deps: ConfigChangeDeps) {}

  async get(): Promise<Settings> {
    return settingsFromRow(await this.deps.prisma.setting.findUnique({ where: { id: 1 } }));
  }

  /** The first enabled agent by extension, whose next call the page shows after a save. */
  async firstAgent(): Promise<string | null> {
    const agent = await this.deps.prisma.agent.findFirst({ where: { enabled: true }, orderBy: { extension: 'asc' }, select: { extension: true } });
    return agent?.extension ?? null;
  }

  update(settings: Settings): Promise<ChangeOutcome<Settings>> {
    return commitValidatedChange(this.deps, async (current) => ({
      proposed: withSettings(current, settings),
      write: async (tx) => {
        await writeSettings(tx, settings);
        return settings;
      },
    }));
  }
}
