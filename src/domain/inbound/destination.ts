// Where a call goes, one type for inbound routes, schedules and IVR menus. Its text form
// (`menu:main`, `agent:1009`, `external:0712345678@0310000001`, `hangup`) is what the YAML
// file, the database column and the dashboard forms hold.

export type Destination =
  | { readonly kind: 'menu'; readonly menu: string }
  | { readonly kind: 'queue'; readonly queue: string }
  | { readonly kind: 'agent'; readonly extension: string }
  | { readonly kind: 'extension'; readonly extension: string }
  /** Dialed out through the outbound decision with `did` as caller ID. */
  | { readonly kind: 'external'; readonly number: string; readonly did: string }
  | { readonly kind: 'announcement'; readonly sound: string }
  | { readonly kind: 'hangup' }
  | { readonly kind: 'voicemail'; readonly box: string };

export type DestinationKind = Destination['kind'];

export const DESTINATION_KINDS: readonly DestinationKind[] = [
  'menu',
  'queue',
  'agent',
  'extension',
  'external',
  'announcement',
  'hangup',
  'voicemail',
];

export type ParsedDestination = { readonly ok: true; readonly destination: Destination } | { readonly ok: false; readonly error: string };

const NAME = /^[A-Za-z0-9_.-]+$/;
const DIALABLE = /^\+?[0-9*#]+$/;
/** Asterisk sound names, with sub-folders but never `..`, or an http(s) URL served to Asterisk's media cache. */
const SOUND = /^([A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*|https?:\/\/[^\s]+)$/;

export function parseDestination(text: string): ParsedDestination {
  const trimmed = text.trim();
  if (trimmed === 'hangup') return { ok: true, destination: { kind: 'hangup' } };
  const colon = trimmed.indexOf(':');
  if (colon === -1) return { ok: false, error: `"${trimmed}" is not a destination (expected kind:value, e.g. menu:main, or hangup)` };
  const kind = trimmed.slice(0, colon);
  const value = trimmed.slice(colon + 1);
  switch (kind) {
    case 'menu':
      return named(value, 'menu name', (menu) => ({ kind, menu }));
    case 'queue':
      return named(value, 'queue name', (queue) => ({ kind, queue }));
    case 'agent':
    case 'extension':
      return dialable(value, `${kind} extension`, (extension) => ({ kind, extension }));
    case 'voicemail':
      return named(value, 'voicemail box', (box) => ({ kind, box }));
    case 'announcement':
      return SOUND.test(value) ? { ok: true, destination: { kind, sound: value } } : { ok: false, error: `"${value}" is not a sound name` };
    case 'external':
      return external(value);
    default:
      return { ok: false, error: `unknown destination kind "${kind}" (expected one of ${DESTINATION_KINDS.join(', ')})` };
  }
}

export function formatDestination(destination: Destination): string {
  switch (destination.kind) {
    case 'menu':
      return `menu:${destination.menu}`;
    case 'queue':
      return `queue:${destination.queue}`;
    case 'agent':
    case 'extension':
      return `${destination.kind}:${destination.extension}`;
    case 'external':
      return `external:${destination.number}@${destination.did}`;
    case 'announcement':
      return `announcement:${destination.sound}`;
    case 'hangup':
      return 'hangup';
    case 'voicemail':
      return `voicemail:${destination.box}`;
  }
}

export function isSound(text: string): boolean {
  return SOUND.test(text);
}

function named(value: string, what: string, make: (value: string) => Destination): ParsedDestination {
  return NAME.test(value) ? { ok: true, destination: make(value) } : { ok: false, error: `"${value}" is not a ${what}` };
}

function dialable(value: string, what: string, make: (value: string) => Destination): ParsedDestination {
  return DIALABLE.test(value) ? { ok: true, destination: make(value) } : { ok: false, error: `"${value}" is not an ${what}` };
}

function external(value: string): ParsedDestination {
  const [number = '', did = '', ...rest] = value.split('@');
  if (rest.length > 0 || !DIALABLE.test(number) || !/^[0-9]+$/.test(did)) {
    return { ok: false, error: `"${value}" is not number@did (e.g. external:0712345678@0310000001)` };
  }
  return { ok: true, destination: { kind: 'external', number, did } };
}
