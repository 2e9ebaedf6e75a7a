// What every area module gets from the service: the open file, the clock, and who is acting.
import type { Clock } from './clock';
import type { Db } from './open';

export interface AreaContext {
  db: Db;
  clock: Clock;
  /** The name recorded as "who" on changes (the operator; a signed-in account later). */
  actor(): string;
}
