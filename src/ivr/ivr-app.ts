// The IVR's ARI application: one engine state per channel, events from ARI fed to the pure
// engine, its effects turned into ARI requests. A call keeps the config snapshot it started
// with, so a menu edited mid-call does not change under the caller.

import type { Logger } from 'pino';
import type { CallTracker } from '../calls/tracker.js';
import type { ConfigSnapshot } from '../domain/config/snapshot.js';
import { formatDestination, type Destination } from '../domain/inbound/destination.js';
import { initialIvrState, step, type IvrEffect, type IvrEvent, type IvrState } from '../domain/ivr/engine.js';
import type { RunnableMenu } from '../domain/ivr/menu.js';
import { decideForward } from '../domain/outbound/decide.js';
import { destinationContext, destinationVariables } from '../inbound/channel-vars.js';
import type { AriHandlers, AriRequests, StasisChannel } from '../telephony/ari/connection.js';

export interface IvrPathRecord {
  readonly createdAt: Date;
  readonly uniqueId: string;
  readonly channel: string;
  readonly menu: string;
  readonly configVersion: number;
  readonly steps: readonly string[];
  /**
   * `destination`, `hangup` (the menu hung up), `caller-hangup`, `recovered` (sent to the safe
   * destination after a lost connection), `shutdown` (sent there when Mayday stopped).
   */
  readonly outcome: string;
  readonly destination: string | null;
}

export interface IvrAppDeps {
  readonly ari: AriRequests;
  readonly snapshot: () => ConfigSnapshot | null;
  readonly record: (path: IvrPathRecord) => void;
  readonly log: Logger;
  readonly now?: () => Date;
  /** Live calls of this instance: a call in a menu is held here until it leaves the app. */
  readonly calls?: CallTracker;
}

interface Call {
  readonly channel: StasisChannel;
  readonly snapshot: ConfigSnapshot;
  readonly firstMenu: string;
  menu: RunnableMenu;
  state: IvrState;
  readonly timers: Map<string, NodeJS.Timeout>;
  readonly steps: string[];
  readonly log: Logger;
  readonly release: () => void;
}

const FALLBACK: { context: string; extension: string } = { context: 'mayday-inbound-fallback', extension: 's' };

export class IvrApp implements AriHandlers {
  private readonly calls = new Map<string, Call>();
  /** ARI playback id → channel id. */
  private readonly playbacks = new Map<string, string>();

  constructor(private readonly deps: IvrAppDeps) {}

  activeCalls(): number {
    return this.calls.size;
  }

  stasisStart(channel: StasisChannel): void {
    const log = this.deps.log.child({ channelId: channel.id, channel: channel.name });
    const [kind, name = ''] = channel.args;
    const snapshot = this.deps.snapshot();
    const menu = kind === 'menu' ? snapshot?.inbound.menus.get(name) : undefined;
    if (snapshot === null || menu === undefined) {
      log.warn({ args: channel.args, snapshot: snapshot?.version ?? null }, 'IVR call for no known menu: safe destination');
      this.request(log, this.deps.ari.continueAt(channel.id, FALLBACK.context, FALLBACK.extension, 1), 'continue to the fallback');
      return;
    }
    const release = this.deps.calls?.begin({ uniqueId: channel.id, channel: channel.name, protocol: 'ari', purpose: `menu ${menu.name}` }) ?? (() => undefined);
    const call: Call = { channel, snapshot, firstMenu: menu.name, menu, state: initialIvrState, timers: new Map(), steps: [], log, release };
    this.calls.set(channel.id, call);
    log.info({ menu: menu.name, version: snapshot.version }, 'IVR call started');
    this.feed(call, { kind: 'started' });
  }

  dtmf(channelId: string, digit: string): void {
    const call = this.calls.get(channelId);
    if (call === undefined) return;
    call.steps.push(`key ${digit}`);
    this.feed(call, { kind: 'digit', digit });
  }

  playbackFinished(playbackId: string, failed: boolean): void {
    const channelId = this.playbacks.get(playbackId);
    this.playbacks.delete(playbackId);
    const call = channelId === undefined ? undefined : this.calls.get(channelId);
    if (call === undefined) return;
    if (failed) call.log.warn({ playbackId }, 'prompt failed to play; the menu goes on');
    this.feed(call, { kind: 'playbackFinished', playback: engineId(playbackId) });
  }

  channelGone(channelId: string): void {
    const call = this.calls.get(channelId);
    if (call === undefined) return;
    if (call.state.phase !== 'finished') {
      call.steps.push('caller hung up');
      this.feed(call, { kind: 'hangup' });
    }
    this.finish(call, 'caller-hangup', null);
  }

  /** After a (re)connection: channels still in the application lost their events; none is left silent. */
  connected(): void {
    void this.recover();
  }

  stop(): void {
    for (const call of this.calls.values()) this.clearTimers(call);
  }

  /** At shutdown: callers still in a menu go to its safe destination rather than wait in silence for a restart. */
  async handOver(): Promise<void> {
    await Promise.all(
      [...this.calls.values()].map(async (call) => {
        call.steps.push('handed over at shutdown');
        // Finished first: the StasisEnd that the continue causes must not count as the caller hanging up.
        this.finish(call, 'shutdown', call.menu.timeoutDestination);
        await this.leave(call, call.channel.id, call.log, call.menu.timeoutDestination, call.snapshot);
      }),
    );
  }

  private async recover(): Promise<void> {
    let channels: StasisChannel[];
    try {
      channels = await this.deps.ari.stasisChannels();
    } catch (error) {
      this.deps.log.warn({ err: error }, 'IVR recovery could not list channels');
      return;
    }
    for (const channel of channels) {
      const known = this.calls.get(channel.id);
      const menu = known?.menu ?? this.deps.snapshot()?.inbound.menus.get(channel.args[1] ?? '');
      const log = known?.log ?? this.deps.log.child({ channelId: channel.id, channel: channel.name });
      if (known !== undefined) this.clearTimers(known);
      log.warn({ menu: menu?.name ?? null }, 'IVR channel found after reconnect: safe destination');
      if (menu === undefined) {
        this.request(log, this.deps.ari.continueAt(channel.id, FALLBACK.context, FALLBACK.extension, 1), 'continue to the fallback');
        continue;
      }
      if (known !== undefined) {
        known.steps.push('recovered after reconnect');
        this.finish(known, 'recovered', menu.timeoutDestination);
      }
      await this.leave(known ?? null, channel.id, log, menu.timeoutDestination, known?.snapshot ?? this.deps.snapshot());
    }
  }

  private feed(call: Call, event: IvrEvent): void {
    if (event.kind === 'timeout') call.steps.push(call.state.phase === 'listening' && call.state.digits !== '' ? 'inter-digit timeout' : 'timeout');
    const next = step(call.state, event, call.menu);
    call.state = next.state;
    for (const effect of next.effects) this.run(call, effect);
  }

  private run(call: Call, effect: IvrEffect): void {
    const { ari } = this.deps;
    const channelId = call.channel.id;
    switch (effect.kind) {
      case 'play': {
        const playbackId = `${channelId}.${effect.playback}`;
        this.playbacks.set(playbackId, channelId);
        ari.play(channelId, playbackId, `sound:${effect.sound}`, effect.language).catch((error: unknown) => {
          // A refused prompt must not strand the caller: the menu moves on as if it had played.
          call.log.warn({ err: error, sound: effect.sound }, 'prompt refused');
          this.playbackFinished(playbackId, true);
        });
        return;
      }
      case 'stopPlayback':
        this.request(call.log, ari.stopPlayback(`${channelId}.${effect.playback}`), 'stop the prompt');
        return;
      case 'startTimer':
        call.timers.set(
          effect.timer,
          setTimeout(() => {
            call.timers.delete(effect.timer);
            this.feed(call, { kind: 'timeout', timer: effect.timer });
          }, effect.ms),
        );
        return;
      case 'cancelTimer':
        clearTimeout(call.timers.get(effect.timer));
        call.timers.delete(effect.timer);
        return;
      case 'hangup':
        call.steps.push('hangup');
        this.request(call.log, ari.hangup(channelId), 'hang up');
        this.finish(call, 'hangup', { kind: 'hangup' });
        return;
      case 'goto':
        this.goTo(call, effect.destination);
        return;
    }
  }

  private goTo(call: Call, destination: Destination): void {
    call.steps.push(`to ${formatDestination(destination)}`);
    if (destination.kind === 'menu') {
      const menu = call.snapshot.inbound.menus.get(destination.menu);
      if (menu !== undefined) {
        call.menu = menu;
        call.state = initialIvrState;
        this.feed(call, { kind: 'started' });
        return;
      }
    }
    this.clearTimers(call);
    void this.leave(call, call.channel.id, call.log, destination, call.snapshot);
    this.finish(call, 'destination', destination);
  }

  /** Continues in the destination's dialplan context with the variables it reads. */
  private async leave(call: Call | null, channelId: string, log: Logger, destination: Destination, snapshot: ConfigSnapshot | null): Promise<void> {
    const { ari } = this.deps;
    const forward = destination.kind === 'external' && snapshot !== null ? decideForward(destination, snapshot) : null;
    const target = forward?.kind === 'reject' ? FALLBACK : { context: destinationContext(destination), extension: 's' };
    if (forward?.kind === 'reject') log.warn({ detail: forward.detail }, 'IVR forward refused: safe destination');
    try {
      if (target !== FALLBACK) {
        for (const [name, value] of destinationVariables(destination, forward?.kind === 'dial' ? forward : null)) await ari.setVariable(channelId, name, value);
      }
      await ari.continueAt(channelId, target.context, target.extension, 1);
    } catch (error) {
      log.warn({ err: error, destination: formatDestination(destination), call: call !== null }, 'IVR could not continue in the dialplan');
    }
  }

  private finish(call: Call, outcome: string, destination: Destination | null): void {
    if (!this.calls.delete(call.channel.id)) return;
    this.clearTimers(call);
    call.release();
    this.deps.record({
      createdAt: this.deps.now?.() ?? new Date(),
      uniqueId: call.channel.id,
      channel: call.channel.name,
      menu: call.firstMenu,
      configVersion: call.snapshot.version,
      steps: call.steps,
      outcome,
      destination: destination === null ? null : formatDestination(destination),
    });
  }

  private clearTimers(call: Call): void {
    for (const timer of call.timers.values()) clearTimeout(timer);
    call.timers.clear();
  }

  private request(log: Logger, request: Promise<void>, what: string): void {
    request.catch((error: unknown) => log.warn({ err: error }, `IVR could not ${what}`));
  }
}

/** `<channel>.p3` → `p3`: the engine's own id. */
function engineId(playbackId: string): string {
  return playbackId.slice(playbackId.lastIndexOf('.') + 1);
}
