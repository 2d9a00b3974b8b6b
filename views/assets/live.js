// The Live page: how long ago each `<time data-since>` was, ticking every second beside
// the time itself. The page works without it (the times are absolute).
function elapsed(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours > 0) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${seconds}s`;
}

function tick() {
  const now = Date.now();
  for (const time of document.querySelectorAll('time[data-since]')) {
    const since = Number(time.dataset.since);
    if (!Number.isFinite(since)) continue;
    let badge = time.nextElementSibling;
    if (!badge || !badge.classList.contains('elapsed')) {
      badge = document.createElement('span');
      badge.className = 'elapsed';
      time.after(badge);
    }
    badge.textContent = ` (${elapsed(now - since)})`;
  }
}

setInterval(tick, 1000);
document.addEventListener('htmx:wsAfterMessage', tick);
document.addEventListener('DOMContentLoaded', tick);
