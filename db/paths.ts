// Where the data file lives when nobody says otherwise: the user's data folder, the same place
// Electron's app.getPath('userData') gives for an app named RehabDesk.
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'RehabDesk';
export const DATA_FILE_NAME = 'rehabdesk.sqlite';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_NAME);
}

/** `--data FILE` wins, then REHABDESK_DATA, then the user data folder. */
export function resolveDataFile(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const index = argv.findIndex((a) => a === '--data' || a.startsWith('--data='));
  if (index >= 0) {
    const arg = argv[index]!;
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
    if (!value) throw new Error('--data needs a file path');
    return path.resolve(value);
  }
  if (env.REHABDESK_DATA) return path.resolve(env.REHABDESK_DATA);
  return path.join(userDataDir(env), DATA_FILE_NAME);
}
