// The people register's calls, implemented.
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { peopleCalls } from './contract';
import { createPeople } from './people';
import { personOverview } from './overview';

export function peopleHandlers(ctx: AreaContext): Handlers<typeof peopleCalls> {
  const people = createPeople(ctx.db, ctx.clock, ctx.actor);
  return {
    'people.search': (input) => people.search(input),
    'people.get': (input) => people.get(input.id),
    'people.create': (input) => people.create(input),
    'people.update': (input) => people.update(input),
    'people.overview': (input, caller) => {
      people.get(input.id); // an unknown person is PERSON_NOT_FOUND, as on the record
      return personOverview(ctx.db, input.id, caller);
    },
    'people.expiring': () => people.expiring(),
    'people.revealId': (input) => people.revealId(input.id),
    'people.archive': (input) => people.archive(input.id, input.archived),
    'people.delete': (input) => people.remove(input.id),
  };
}
