import { existsSync } from 'node:fs';

/** The Chromium the browser tests and `bench:web` drive: CHROMIUM_PATH, else Debian's `chromium`. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => Boolean(path));
  return candidates.find((path) => existsSync(path)) ?? null;
}
