// One sentence per decision, shared by the CLI simulator and the dashboard.

import type { DialAttempt, MatchedRule, OutboundDecision, OutboundRequest } from './decide.js';

export function describeDecision(request: OutboundRequest, decision: OutboundDecision): string {
  const subject = `agent ${request.agent} dialing ${request.dialed}`;
  if (decision.kind === 'reject') return `${subject} is rejected: ${decision.reason} (${decision.detail})`;

  const [first, ...fallbacks] = decision.attempts;
  const callerId = first.callerIdNumber === '' ? 'without caller ID' : `with caller ID ${first.callerIdNumber}`;
  const then = fallbacks.length === 0 ? '' : ` (${fallbacks.map(describeFallback).join(', ')})`;
  return `${subject} leaves as ${first.number} ${callerId} via ${first.trunk}${then}`;
}

function describeFallback(attempt: DialAttempt): string {
  return `then ${attempt.trunk} as ${attempt.number}`;
}

/** `prefix 45 + route mobile`, `route mobile`, `emergency`: the name MAYDAY_RULE and the call history carry. */
export function ruleName(rule: MatchedRule | null): string | null {
  if (rule === null) return null;
  switch (rule.kind) {
    case 'emergency':
      return 'emergency';
    case 'route':
      return `route ${rule.route}`;
    case 'prefix':
      return `prefix ${rule.prefix} + route ${rule.route}`;
  }
}
