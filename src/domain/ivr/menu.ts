// An IVR menu as stored: what the caller hears and what each key does. Sub-menus are
// options whose destination is another menu.

import type { Destination } from '../inbound/destination.js';

export const MENU_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'] as const;
export type MenuKey = (typeof MENU_KEYS)[number];

export type OptionTarget = { readonly kind: 'repeat' } | { readonly kind: 'goto'; readonly destination: Destination };

export interface MenuOption {
  readonly key: MenuKey;
  readonly target: OptionTarget;
}

export interface IvrMenu {
  readonly name: string;
  /** Asterisk sound language, e.g. `en`. */
  readonly language: string;
  /** Played once, when the caller enters the menu. */
  readonly greeting: readonly string[];
  /** Played after the greeting and again on every retry and repeat. */
  readonly prompts: readonly string[];
  /** How long to wait for the first key after the prompts. */
  readonly digitTimeoutMs: number;
  /** How long to wait for the next key of a direct-dialed extension. */
  readonly interDigitTimeoutMs: number;
  /** Retries after a wrong key or silence; one more sends the caller to the invalid/timeout destination. */
  readonly maxRetries: number;
  readonly invalidPrompt: string | null;
  readonly timeoutPrompt: string | null;
  readonly invalidDestination: Destination;
  /** Also the menu's safe destination when the app loses the call (restart, dropped WebSocket). */
  readonly timeoutDestination: Destination;
  readonly options: readonly MenuOption[];
  /** Keys may dial an agent extension directly. */
  readonly directDial: boolean;
  /** A key stops the prompt playing. Without it, keys pressed during prompts are ignored. */
  readonly bargeIn: boolean;
}

/** A menu with what the engine needs from the rest of the configuration. */
export interface RunnableMenu extends IvrMenu {
  /** Extensions that direct dial may reach (enabled agents); empty when direct dial is off. */
  readonly directDialExtensions: readonly string[];
}

export function isMenuKey(text: string): text is MenuKey {
  return (MENU_KEYS as readonly string[]).includes(text);
}
