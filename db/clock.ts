// The app's idea of "today" and "now" in Asia/Shanghai. Tests pin today with REHABDESK_TODAY.
import { isIsoDate, shanghaiDateOf, shanghaiDateTimeOf } from './common/dates';

export interface Clock {
  today(): string;
  now(): string;
}

export function createClock(fixedToday?: string): Clock {
  if (fixedToday !== undefined && !isIsoDate(fixedToday)) throw new Error(`REHABDESK_TODAY is not a date: ${fixedToday}`);
  return {
    today: () => fixedToday ?? shanghaiDateOf(new Date()),
    now: () => {
      const now = shanghaiDateTimeOf(new Date());
      return fixedToday ? fixedToday + now.slice(10) : now;
    },
  };
}
