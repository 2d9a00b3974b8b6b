/** The Redis names the live floor uses, under one namespace (tests give each run its own). */
export interface LiveChannels {
  /** The holder's floor messages. */
  readonly floor: string;
  /** A mirror asking the holder for the whole floor. */
  readonly floorRequests: string;
  readonly actions: string;
  readonly actionResults: string;
  /** The AMI lease's key. */
  readonly lease: string;
}

export const DEFAULT_LIVE_NAMESPACE = 'mayday:live';

export function liveChannels(namespace = DEFAULT_LIVE_NAMESPACE): LiveChannels {
  return {
    floor: `${namespace}:floor`,
    floorRequests: `${namespace}:floor-requests`,
    actions: `${namespace}:actions`,
    actionResults: `${namespace}:action-results`,
    lease: `${namespace}:ami-lease`,
  };
}
