// The part of ari-client 2.2.0 (untyped) that the adapter uses.
declare module 'ari-client' {
  import type { EventEmitter } from 'node:events';

  interface AriChannelJson {
    readonly id: string;
    readonly name: string;
    readonly state: string;
    readonly dialplan?: { readonly app_name?: string; readonly app_data?: string };
  }

  interface AriClient extends EventEmitter {
    start(apps: string | string[]): Promise<void>;
    stop(): void;
    channels: {
      list(): Promise<AriChannelJson[]>;
      play(params: { channelId: string; media: string; playbackId: string; lang?: string }): Promise<unknown>;
      continueInDialplan(params: { channelId: string; context: string; extension: string; priority: number }): Promise<void>;
      setChannelVar(params: { channelId: string; variable: string; value: string }): Promise<void>;
      hangup(params: { channelId: string }): Promise<void>;
    };
    playbacks: {
      stop(params: { playbackId: string }): Promise<void>;
    };
  }

  export function connect(url: string, user: string, pass: string): Promise<AriClient>;
  const ari: { connect: typeof connect };
  export default ari;
}
