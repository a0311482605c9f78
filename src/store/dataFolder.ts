/** The `accord.dataFolder` setting, checked before the store uses it. */
import { isWindowsReservedName } from '../core';

/**
 * The data folder setting, if it names a folder inside the workspace that every platform can
 * check out (no `..`, no absolute path, no Windows device name such as `aux`, no part ending in
 * a dot or space); otherwise `.accord`. Links out of the workspace are refused by the store.
 */
export function safeDataFolder(value: string | undefined): string {
  const folder = (value ?? '').trim().replace(/\\/g, '/').replace(/\/+$/, '');
  const unsafePart = (part: string) =>
    part === '' || part === '.' || part === '..' || /[. ]$/.test(part) || /[<>:"|?*\u0000-\u001f]/.test(part) || isWindowsReservedName(part);
  if (!folder || folder.startsWith('/') || /^[A-Za-z]:/.test(folder) || folder.split('/').some(unsafePart)) return '.accord';
  return folder;
}
