// The training area's calls, implemented.
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import { createPeople } from '../people/people';
import type { trainingCalls } from './contract';
import { createClasses } from './classes';
import { createCourseTypes } from './course-types';
import { createFigures } from './figures';
import { createPlacements } from './placements';
import { createRosterImport } from './roster-import';
import { createTerms } from './terms';
import { createEmployment } from './employment';

export function trainingHandlers(ctx: AreaContext): Handlers<typeof trainingCalls> {
  const courseTypes = createCourseTypes(ctx.db, ctx.clock);
  const people = createPeople(ctx.db, ctx.clock, ctx.actor);
  const terms = createTerms(ctx.db);
  const classes = createClasses(ctx.db, ctx.clock, ctx.actor, courseTypes, people, terms);
  const placements = createPlacements(ctx.db, ctx.clock, ctx.actor, courseTypes, terms);
  const employment = createEmployment(ctx.db, ctx.clock, ctx.actor, terms);
  const figures = createFigures(ctx.db, courseTypes, ctx.clock, employment);
  const roster = createRosterImport(ctx.db, ctx.clock, () => ctx.actor(), people, classes);
  return {
    'training.courseTypes.list': () => courseTypes.list(),
    'training.courseTypes.add': (input) => courseTypes.add(input.name, input.minAttendancePct),
    'training.courseTypes.setMinimum': (input) => courseTypes.setMinimum(input.code, input.minAttendancePct, input.effectiveFrom),

    'training.classes.list': (input) => classes.list(input),
    'training.classes.get': (input) => classes.get(input.id),
    'training.classes.create': (input) => classes.create(input),
    'training.classes.update': (input) => classes.update(input),

    'training.enrol': (input) => classes.enrol(input),
    'training.unenrol': (input) => classes.unenrol(input.enrolmentId),
    'training.attendance.get': (input) => classes.attendanceDay(input.classId, input.date),
    'training.attendance.save': (input) => classes.saveAttendance(input),
    'training.completion.set': (input) => classes.setCompletion(input.enrolmentId, input.completedOn),
    'training.certificates.add': (input) => classes.addCertificate(input),
    'training.certificates.remove': (input) => classes.removeCertificate(input.id),

    'training.employers.list': (input) => placements.employers(input.q),
    'training.employers.create': (input) => placements.createEmployer(input),
    'training.employers.update': (input) => placements.updateEmployer(input),

    'training.placements.list': (input) => placements.placements(input),
    'training.placements.get': (input) => placements.placement(input.id),
    'training.placements.create': (input) => placements.createPlacement(input),
    'training.placements.update': (input) => placements.updatePlacement(input),
    'training.followUps.due': () => placements.followUpsDue(),
    'training.followUps.record': (input) => placements.recordFollowUp(input),

    'training.terms.list': (input) => terms.list(input.dict, input.onDate),
    'training.jobSeekers.list': (input) => employment.jobSeekers(input),
    'training.jobSeekers.save': (input) => employment.saveJobSeeker(input),
    'training.employerYears.list': (input) => employment.employerYears(input.employerId),
    'training.employerYears.save': (input) => employment.saveEmployerYear(input),
    'training.employmentSettings.get': () => employment.settings(),
    'training.employmentSettings.set': (input) => employment.setSetting(input.key, input.value, input.effectiveFrom),
    'training.publicWelfare.setTotal': (input) => employment.setPublicWelfareTotal(input.year, input.areaTotal, input.source),
    'training.entrepreneurs.list': (input) => employment.entrepreneurs(input.personId),
    'training.entrepreneurs.addSupport': (input) => employment.addSupport(input),
    'training.entrepreneurs.addAward': (input) => employment.addAward(input),

    'training.figures': (input) => figures(input.year),

    'training.import.start': (input) => roster.start(input),
    'training.import.preview': (input) => roster.status(input.jobId, input.filter, input.offset, input.limit),
    'training.import.adjust': (input) => roster.adjust(input),
    'training.import.exportInvalid': (input) => roster.invalidRows(input.jobId),
    'training.import.commit': (input) => roster.commit(input.jobId, input.expectedValid),
  };
}
