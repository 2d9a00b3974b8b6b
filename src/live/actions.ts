// Live-floor actions travel to whichever instance holds the AMI connection: a request on
// one Redis channel, its outcome on another, matched by a random id.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { describeAction, type LiveAction } from '../domain/live/actions.js';
import type { RedisSubscriptions } from '../realtime/subscriptions.js';
import type { LiveChannels } from './channels.js';
import { AmiActionError, type AmiClient, type AmiMessage } from '../telephony/ami/index.js';

export interface ActionOutcome {
  readonly ok: boolean;
  readonly message: string;
}

interface ActionRequest {
  readonly id: string;
  readonly action: LiveAction;
}

interface ActionReply extends ActionOutcome {
  readonly id: string;
}

export interface AmiActionSettings {
  /** The context a click-to-call continues in once the agent's phone answers (the outbound decision). */
  readonly outboundContext: string;
  /** How long the agent's phone may ring for a click-to-call. */
  readonly ringTimeoutMs: number;
}

/** Runs one action on the AMI connection; Asterisk's refusal is an outcome, not an exception. */
export async function runOnAmi(ami: AmiClient, action: LiveAction, settings: AmiActionSettings): Promise<ActionOutcome> {
  const what = describeAction(action);
  try {
    switch (action.kind) {
      case 'pause':
        await ami.action('QueuePause', { Interface: action.interface, Paused: action.paused, Reason: action.paused ? action.reason : undefined });
        return { ok: true, message: action.paused ? `Paused (${action.reason}).` : 'Unpaused.' };
      case 'add-member':
        await ami.action('QueueAdd', { Queue: action.queue, Interface: action.interface, MemberName: action.memberName || undefined });
        return { ok: true, message: `Added ${action.memberName || action.interface} to ${action.queue}.` };
      case 'remove-member':
        await ami.action('QueueRemove', { Queue: action.queue, Interface: action.interface });
        return { ok: true, message: `Removed ${action.interface} from ${action.queue}.` };
      case 'hangup':
        await ami.action('Hangup', { Channel: action.channel });
        return { ok: true, message: `Hung up ${action.channel}.` };
      case 'originate':
        return await originate(ami, action, settings);
    }
  } catch (error) {
    const reason = error instanceof AmiActionError ? error.response.get('message') || 'refused' : (error as Error).message;
    return { ok: false, message: `Asterisk refused to ${what}: ${reason}` };
  }
}

/** Waits for the OriginateResponse: the agent's phone answered (the number is then being dialled) or not. */
async function originate(ami: AmiClient, action: Extract<LiveAction, { kind: 'originate' }>, settings: AmiActionSettings): Promise<ActionOutcome> {
  const channelId = `mayday-c2c-${randomUUID()}`;
  let stopWaiting = () => undefined as void;
  const response = new Promise<AmiMessage | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), settings.ringTimeoutMs + 5000);
    const off = ami.onEvent((event) => {
      if (event.event === 'OriginateResponse' && event.get('uniqueid') === channelId) resolve(event);
    });
    stopWaiting = () => {
      clearTimeout(timer);
      off();
    };
  });
  try {
    await ami.action('Originate', {
      Channel: action.interface,
      Context: settings.outboundContext,
      Exten: action.number,
      Priority: 1,
      CallerID: `"${action.agentName}" <${action.extension}>`,
      Timeout: settings.ringTimeoutMs,
      Async: true,
      ChannelId: channelId,
    });
  } catch (error) {
    stopWaiting();
    throw error;
  }
  const event = await response;
  stopWaiting();
  if (event === null) return { ok: false, message: `No answer from Asterisk about the call to ${action.number}.` };
  if (event.get('response').toLowerCase() === 'success') return { ok: true, message: `Your phone answered; calling ${action.number}.` };
  return { ok: false, message: `The call to ${action.number} was not placed: the phone ${reasonText(event.get('reason'))}.` };
}

/** Originate's Reason is Asterisk's AST_CONTROL code. */
function reasonText(reason: string): string {
  const texts: Record<string, string> = { '0': 'could not be reached', '1': 'hung up', '3': 'did not answer', '5': 'was busy', '8': 'was congested' };
  return texts[reason] ?? `failed (reason ${reason || 'unknown'})`;
}

/** Sends actions to the AMI holder and waits for their outcome. */
export class LiveActionClient {
  private readonly waiting = new Map<string, (outcome: ActionOutcome) => void>();

  constructor(
    private readonly redis: Redis,
    subscriptions: RedisSubscriptions,
    private readonly channels: LiveChannels,
    private readonly timeoutMs: (action: LiveAction) => number,
  ) {
    void subscriptions.on(channels.actionResults, (text) => {
      const reply = parseReply(text);
      if (reply) this.waiting.get(reply.id)?.(reply);
    });
  }

  async request(action: LiveAction): Promise<ActionOutcome> {
    const id = randomUUID();
    const timeoutMs = this.timeoutMs(action);
    const outcome = new Promise<ActionOutcome>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, message: `No instance holding the AMI connection answered within ${Math.round(timeoutMs / 1000)} s.` }), timeoutMs);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve({ ok: reply.ok, message: reply.message });
      });
    });
    try {
      const request: ActionRequest = { id, action };
      const receivers = await this.redis.publish(this.channels.actions, JSON.stringify(request));
      if (receivers === 0) return { ok: false, message: 'No Mayday instance is connected to Asterisk (AMI).' };
      return await outcome;
    } catch (error) {
      return { ok: false, message: `Redis is unavailable: ${(error as Error).message}` };
    } finally {
      this.waiting.delete(id);
    }
  }
}

/** The holder's side: runs each request while it holds AMI and publishes the outcome. */
export function serveActions(
  redis: Redis,
  subscriptions: RedisSubscriptions,
  channels: LiveChannels,
  run: (action: LiveAction) => Promise<ActionOutcome> | null,
): Promise<void> {
  return subscriptions.on(channels.actions, (text) => {
    const request = parseRequest(text);
    if (!request) return;
    const running = run(request.action);
    if (running === null) return;
    void running.then((outcome) => {
      const reply: ActionReply = { id: request.id, ...outcome };
      return redis.publish(channels.actionResults, JSON.stringify(reply));
    }).catch(() => undefined);
  });
}

function parseRequest(text: string): ActionRequest | null {
  try {
    const value = JSON.parse(text) as ActionRequest;
    return typeof value?.id === 'string' && typeof value.action?.kind === 'string' ? value : null;
  } catch {
    return null;
  }
}

function parseReply(text: string): ActionReply | null {
  try {
    const value = JSON.parse(text) as ActionReply;
    return typeof value?.id === 'string' && typeof value.ok === 'boolean' && typeof value.message === 'string' ? value : null;
  } catch {
    return null;
  }
}
