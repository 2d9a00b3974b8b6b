// One sentence per decision, shared by the CLI simulator and the dashboard.

import type { DialAttempt, OutboundDecision, OutboundRequest } from './decide.js';

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
