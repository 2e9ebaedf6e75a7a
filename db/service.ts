// The contract's implementation over one open data file: parses every input with its schema,
// runs the area module, and returns a Result value. Both transports (IPC, HTTP) call dispatch().
import { contract, isCallName, issuesToError, LOCALES, type AppSettings, type CallName, type CallParsed, type CallResult, type Locale } from './contract';
import { DomainError, type Result } from './errors';
import { openDatabase, type Db } from './open';
import { SCHEMA_VERSION } from './migrations/index';
import { createClock, type Clock } from './clock';
import { getSetting, putSetting } from './settings';
import type { AreaContext } from './context';
import { peopleHandlers } from './people/handlers';
import { rehabHandlers } from './rehab/handlers';
import { trainingHandlers } from './training/handlers';
import { devicesHandlers } from './devices/handlers';

export interface ServiceOptions {
  dataFile: string;
  host: 'electron' | 'browser';
  appVersion: string;
  /** Who works at this computer until they set a name (the OS account name). */
  defaultOperator: string;
  clock?: Clock;
  /** Where unexpected errors go; they reach the user only as INTERNAL. */
  log?: (message: string, error: unknown) => void;
}

type Handlers = { [N in CallName]: (input: CallParsed<N>) => CallResult<N> };

export interface Service {
  dispatch(name: unknown, input: unknown): Result<unknown>;
  readonly db: Db;
  close(): void;
}

export function createService(options: ServiceOptions): Service {
  const db = openDatabase(options.dataFile);
  const clock = options.clock ?? createClock(process.env.REHABDESK_TODAY || undefined);
  const log = options.log ?? ((message, error) => console.error(message, error));

  const settings = (): AppSettings => {
    const today = clock.today();
    const locale = getSetting<string>(db, 'ui.locale', today, 'zh-CN');
    return {
      locale: (LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : 'zh-CN',
      operatorName: getSetting(db, 'operator.name', today, options.defaultOperator),
    };
  };
  const ctx: AreaContext = { db, clock, actor: () => settings().operatorName };

  const handlers: Handlers = {
    'app.info': () => ({
      appVersion: options.appVersion,
      schemaVersion: SCHEMA_VERSION,
      dataFile: options.dataFile,
      host: options.host,
      today: clock.today(),
      settings: settings(),
    }),
    'settings.update': (input) => {
      db.transaction(() => {
        if (input.locale) putSetting(db, 'ui.locale', input.locale);
        if (input.operatorName) putSetting(db, 'operator.name', input.operatorName);
      })();
      return settings();
    },
    ...peopleHandlers(ctx),
    ...rehabHandlers(ctx),
    ...trainingHandlers(ctx),
    ...devicesHandlers(ctx),
  };

  function dispatch(name: unknown, input: unknown): Result<unknown> {
    if (!isCallName(name)) return { ok: false, error: { code: 'UNKNOWN_CALL', params: { name: String(name) } } };
    const parsed = contract[name].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: issuesToError(parsed.error.issues) };
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      return { ok: true, value: handler(parsed.data) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: error.error };
      log(`call ${name} failed`, error);
      return { ok: false, error: { code: 'INTERNAL' } };
    }
  }

  return { dispatch, db, close: () => db.close() };
}
