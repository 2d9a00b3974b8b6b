type Pending = undefined | null | false;

/** Polls until `check` returns something other than undefined, null or false; fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Pending | Promise<T | Pending>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
