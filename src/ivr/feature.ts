// The IVR feature as the composition root sees it: an ARI connection (supervised, retried
// with backoff for as long as Mayday runs), the app that runs each call's menu, and the
// writer of the paths callers took. Off, with one log line, when ARI_URL is unset.

import type { Logger } from 'pino';
import type { CallTracker } from '../calls/tracker.js';
import type { AppConfig } from '../config/env.js';
import type { BatchWriterStats, SqlRunner } from '../data/batch-writer.js';
import type { ConfigSnapshot } from '../domain/config/snapshot.js';
import { SupervisedAri } from '../telephony/ari/connection.js';
import { IvrApp } from './ivr-app.js';
import { IvrPathWriter } from './path-log.js';

export type IvrStatus =
  | { readonly state: 'off' }
  | { readonly state: 'connected'; readonly app: string; readonly url: string; readonly calls: number; readonly paths: BatchWriterStats }
  | {
      readonly state: 'connecting';
      readonly app: string;
      readonly url: string;
      readonly lastError: string | null;
      readonly attempts: number;
      readonly paths: BatchWriterStats;
    };

export interface IvrFeature {
  status(): IvrStatus;
  start(): void;
  /** Hands callers still in menus to their safe destination, disconnects, writes the last paths. */
  stop(): Promise<void>;
}

export interface IvrDeps {
  readonly config: Pick<AppConfig, 'ari' | 'ivrPathBufferRows' | 'decisionLogFlushMs'>;
  readonly log: Logger;
  readonly snapshot: () => ConfigSnapshot | null;
  readonly calls: CallTracker;
  /** Where path rows are inserted (the decision log's pool). */
  readonly pathSql: SqlRunner;
  /** Tests shorten the reconnect backoff. */
  readonly minBackoffMs?: number;
}

export function createIvr(deps: IvrDeps): IvrFeature {
  const { ari: ariConfig } = deps.config;
  const log = deps.log.child({ component: 'ivr' });
  if (ariConfig === null) {
    return {
      status: () => ({ state: 'off' }),
      start: () => log.info('IVR disabled: ARI_URL is not set (menus are not run on this instance)'),
      stop: async () => undefined,
    };
  }
  const paths = new IvrPathWriter({ pool: deps.pathSql, log, maxBufferedRows: deps.config.ivrPathBufferRows, flushMs: deps.config.decisionLogFlushMs });
  // The app and the connection need each other: events flow in through the handlers, requests out through `ari`.
  let app: IvrApp | undefined;
  const ari = new SupervisedAri(
    { ...ariConfig, log, ...(deps.minBackoffMs !== undefined && { minBackoffMs: deps.minBackoffMs }) },
    {
      stasisStart: (channel) => app?.stasisStart(channel),
      dtmf: (channelId, digit) => app?.dtmf(channelId, digit),
      playbackFinished: (playbackId, failed) => app?.playbackFinished(playbackId, failed),
      channelGone: (channelId) => app?.channelGone(channelId),
      connected: () => app?.connected(),
    },
  );
  const running = new IvrApp({ ari, snapshot: deps.snapshot, record: (path) => paths.record(path), log, calls: deps.calls });
  app = running;
  return {
    status: () => {
      const connection = ari.status();
      const common = { app: ariConfig.app, url: ariConfig.url, paths: paths.stats() };
      return connection.state === 'connected'
        ? { state: 'connected', ...common, calls: running.activeCalls() }
        : { state: 'connecting', ...common, lastError: connection.lastError, attempts: connection.attempts };
    },
    start: () => {
      paths.start();
      ari.start();
      log.info({ url: ariConfig.url, app: ariConfig.app }, 'IVR starting: connecting to ARI');
    },
    stop: async () => {
      if (ari.status().state === 'connected') await running.handOver();
      running.stop();
      ari.stop();
      await paths.close();
    },
  };
}
