// The comparison area's calls, implemented.
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { compareCalls } from './contract';
import { createLists } from './lists';
import { createPeopleFacts } from './people-facts';

export function compareHandlers(ctx: AreaContext): Handlers<typeof compareCalls> {
  const lists = createLists(ctx.db, ctx.clock, () => ctx.actor());
  const facts = createPeopleFacts(ctx.db, ctx.clock, () => ctx.actor());
  return {
    'compare.import.start': (input) => lists.start(input),
    'compare.import.preview': (input) => lists.status(input.jobId, input.filter, input.offset, input.limit),
    'compare.import.adjust': (input) => lists.adjust(input),
    'compare.import.commit': (input) => lists.commit(input.jobId, input.expectedValid),
    'compare.lists.list': () => lists.list(),
    'compare.lists.get': (input) => lists.compare(input.id),
    'compare.apply': (input) => lists.apply(input),
    'compare.leftOut': () => facts.leftOut(),
    'compare.leftOut.clear': (input) => facts.clear(input),
    'compare.facts.get': (input) => facts.facts(input.personId),
    'compare.facts.record': (input) => facts.recordFact(input),
    'compare.departure.set': (input) => facts.setDeparture(input),
    'compare.households.list': () => facts.householdList(),
    'compare.households.link': (input) => facts.link(input),
    'compare.households.unlink': (input) => facts.unlink(input.personId),
    'compare.insurance.add': (input) => facts.addInsurance(input),
    'compare.satisfaction.add': (input) => facts.addSatisfaction(input),
    'compare.figures': (input) => facts.figures(input.year),
  };
}
