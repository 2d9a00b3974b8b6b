/** What Mayday needs from an SMS provider; HttpSmsProvider is the one implementation. */
export interface SmsProvider {
  send(message: OutgoingSms): Promise<SendOutcome>;
  balance(): Promise<BalanceOutcome>;
  /** A delivery report or inbound message as the provider posted it (JSON, form or query fields). */
  parseReport(fields: Readonly<Record<string, unknown>>): ProviderReport;
}

export interface OutgoingSms {
  readonly to: string;
  readonly from: string;
  readonly content: string;
  /** Where the provider posts delivery reports for this message; null asks for none. */
  readonly reportUrl: string | null;
}

export type SendOutcome =
  | { readonly kind: 'accepted'; readonly providerId: string }
  /** Worth trying again later: a timeout, a reset connection, a 5xx, a 429. */
  | { readonly kind: 'retry'; readonly reason: string }
  /** Trying again would fail the same way: wrong credentials, a refused number, a 4xx. */
  | { readonly kind: 'rejected'; readonly reason: string };

export type BalanceOutcome =
  | { readonly kind: 'balance'; readonly amount: number; readonly currency: string | null }
  | { readonly kind: 'error'; readonly reason: string };

export const REPORTED_STATUSES = ['sent', 'delivered', 'failed', 'undelivered'] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];

export type ProviderReport =
  | { readonly kind: 'status'; readonly providerId: string; readonly status: ReportedStatus; readonly error: string | null }
  | { readonly kind: 'inbound'; readonly providerId: string | null; readonly from: string; readonly to: string; readonly content: string }
  | { readonly kind: 'invalid'; readonly reason: string };
