// svscan.rc start's second half, the seed's way: after the clean-up, this process becomes svscan (execve,
// same pid), in the foreground, so init's `respawn` (or systemd's Type=simple) restarts svscan whenever it
// dies. Returns only on failure, with the errno.
import { execvp, prepareStdioForExec } from '@dt/posix';

export function execSvscan(svscanScript: string, dir: string): number {
  prepareStdioForExec();
  return execvp(process.execPath, [process.execPath, svscanScript, dir]);
}
