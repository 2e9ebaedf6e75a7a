// Training classes: the class record, real-name enrolment, attendance per class day, completion
// (结业) and certificates. Queries fetch; ./rules.ts decides.
import type { z } from 'zod';
import { fail, failFields, type AppError } from '../errors';
import type { Db } from '../open';
import type { Clock } from '../clock';
import type { PeopleModule } from '../people/people';
import type { PersonFields } from '../people/contract';
import type {
  AttendanceDay,
  CertificateRow,
  ClassDetail,
  ClassFields,
  ClassRow,
  TraineeRow,
  certificateInput,
  classListInput,
} from './contract';
import type { CourseTypes } from './course-types';
import { attendancePermille, checkClassEnded, checkCompletion, checkEnrol, checkHours, type AttendanceStatus, type CertificateType } from './rules';
import { outcomeRates, type OutcomeState } from './employment-rules';
import type { Terms } from './terms';
import { statements } from '../statements';

interface ClassDbRow {
  id: number;
  course_type: string;
  title: string;
  start_date: string;
  end_date: string;
  total_hours: number;
  teacher: string;
  location: string;
  capacity: number;
  cycle: string | null;
  provider: string;
  industry: string | null;
  free_to_trainee: number;
  min_hours: number;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  enrolled: number;
  completed: number;
  sessions: number;
}

const CLASS_COLUMNS = `c.*,
  (SELECT count(*) FROM training_enrolment e WHERE e.class_id = c.id) AS enrolled,
  (SELECT count(*) FROM training_enrolment e WHERE e.class_id = c.id AND e.completed_on IS NOT NULL) AS completed,
  (SELECT count(*) FROM training_session s WHERE s.class_id = c.id) AS sessions`;

function toRow(r: ClassDbRow): ClassRow {
  return {
    id: r.id,
    courseType: r.course_type,
    title: r.title,
    startDate: r.start_date,
    endDate: r.end_date,
    totalHours: r.total_hours,
    teacher: r.teacher,
    location: r.location,
    capacity: r.capacity,
    cycle: r.cycle,
    provider: r.provider,
    industry: r.industry,
    freeToTrainee: r.free_to_trainee === 1,
    minHours: r.min_hours,
    enrolled: r.enrolled,
    completed: r.completed,
    sessions: r.sessions,
  };
}

export type ClassesModule = ReturnType<typeof createClasses>;

export function createClasses(db: Db, clock: Clock, actor: () => string, courseTypes: CourseTypes, people: PeopleModule, terms: Terms) {
  const prepared = statements(db);

  function loadClass(id: number): ClassDbRow {
    const row = prepared(`SELECT ${CLASS_COLUMNS} FROM training_class c WHERE c.id = ?`).get(id) as ClassDbRow | undefined;
    if (!row) fail('TRAINING_CLASS_NOT_FOUND', undefined, { id });
    return row;
  }

  function loadEnrolment(id: number) {
    const row = prepared(
      `SELECT e.id, e.class_id, e.person_id, e.completed_on, p.name FROM training_enrolment e JOIN person p ON p.id = e.person_id
       WHERE e.id = ?`,
    ).get(id) as { id: number; class_id: number; person_id: number; completed_on: string | null; name: string } | undefined;
    if (!row) fail('TRAINING_ENROLMENT_NOT_FOUND', undefined, { id });
    return row;
  }

  function attendanceCount(enrolmentId: number, classId: number) {
    const present = (
      prepared("SELECT count(*) AS n FROM training_attendance WHERE enrolment_id = ? AND status = 'present'").get(enrolmentId) as {
        n: number;
      }
    ).n;
    const sessions = (prepared('SELECT count(*) AS n FROM training_session WHERE class_id = ?').get(classId) as { n: number }).n;
    const hours = (
      prepared(
        "SELECT coalesce(sum(s.hours), 0) AS h FROM training_attendance a JOIN training_session s ON s.id = a.session_id WHERE a.enrolment_id = ? AND a.status = 'present'",
      ).get(enrolmentId) as { h: number }
    ).h;
    return { present, sessions, hours };
  }

  /** Employment of the class's completers at each follow-up month, with who is behind each rate. */
  function outcomes(classId: number, startDate: string): ClassDetail['outcomes'] {
    const completers = prepared(
      `SELECT e.person_id, e.completed_on, p.name, p.sex, p.birth_date FROM training_enrolment e JOIN person p ON p.id = e.person_id
       WHERE e.class_id = ? AND e.completed_on IS NOT NULL`,
    ).all(classId) as { person_id: number; completed_on: string; name: string; sex: 'M' | 'F'; birth_date: string }[];
    const spells = prepared('SELECT start_date, end_date FROM placement WHERE person_id = ?');
    const names = new Map(completers.map((c) => [c.person_id, c.name]));
    const rates = outcomeRates(
      completers.map((c) => ({
        personId: c.person_id,
        sex: c.sex,
        birthDate: c.birth_date,
        completedOn: c.completed_on,
        spells: (spells.all(c.person_id) as { start_date: string; end_date: string | null }[]).map((x) => ({ startDate: x.start_date, endDate: x.end_date ?? '' })),
      })),
      courseTypes.followUpMonths(startDate),
      clock.today(),
    );
    return rates.map((r) => ({
      months: r.months,
      due: r.due,
      employed: r.employed,
      permille: r.permille,
      pending: r.pending,
      people: [
        ...r.employedIds.map((id) => ({ personId: id, name: names.get(id) ?? '', state: 'employed' as OutcomeState })),
        ...r.notEmployedIds.map((id) => ({ personId: id, name: names.get(id) ?? '', state: 'not_employed' as OutcomeState })),
      ],
    }));
  }

  function get(id: number): ClassDetail {
    const c = loadClass(id);
    const sessionDates = (prepared('SELECT date FROM training_session WHERE class_id = ? ORDER BY date').all(id) as { date: string }[]).map(
      (s) => s.date,
    );
    const certificates = new Map<number, CertificateRow[]>();
    for (const cert of prepared(
      `SELECT t.id, t.enrolment_id, t.cert_type, t.number, t.issued_on, t.issuer FROM training_certificate t
       JOIN training_enrolment e ON e.id = t.enrolment_id WHERE e.class_id = ? ORDER BY t.issued_on, t.id`,
    ).all(id) as { id: number; enrolment_id: number; cert_type: CertificateType; number: string; issued_on: string; issuer: string }[]) {
      const list = certificates.get(cert.enrolment_id) ?? [];
      list.push({ id: cert.id, certType: cert.cert_type, number: cert.number, issuedOn: cert.issued_on, issuer: cert.issuer });
      certificates.set(cert.enrolment_id, list);
    }
    const trainees = (
      prepared(
        `SELECT e.id, e.person_id, p.name, p.id_number, p.sex, e.enrolled_on, e.completed_on,
           coalesce(sum(a.status = 'present'), 0) AS present, coalesce(sum(a.status = 'absent'), 0) AS absent,
           coalesce(sum(a.status = 'leave'), 0) AS leave,
           coalesce(sum(CASE WHEN a.status = 'present' THEN s.hours END), 0) AS hours
         FROM training_enrolment e JOIN person p ON p.id = e.person_id
         LEFT JOIN training_attendance a ON a.enrolment_id = e.id
         LEFT JOIN training_session s ON s.id = a.session_id
         WHERE e.class_id = ? GROUP BY e.id ORDER BY e.id`,
      ).all(id) as {
        id: number;
        person_id: number;
        name: string;
        id_number: string;
        sex: 'M' | 'F';
        enrolled_on: string;
        completed_on: string | null;
        present: number;
        absent: number;
        leave: number;
        hours: number;
      }[]
    ).map(
      (t): TraineeRow => ({
        enrolmentId: t.id,
        personId: t.person_id,
        name: t.name,
        idNumber: t.id_number,
        sex: t.sex,
        enrolledOn: t.enrolled_on,
        present: t.present,
        absent: t.absent,
        leave: t.leave,
        sharePermille: attendancePermille({ present: t.present, sessions: sessionDates.length }),
        hours: t.hours,
        completedOn: t.completed_on ?? '',
        certificates: certificates.get(t.id) ?? [],
      }),
    );
    return {
      ...toRow(c),
      version: c.version,
      minAttendancePct: courseTypes.minAttendancePct(c.course_type, c.start_date),
      sessionDates,
      trainees,
      outcomes: outcomes(id, c.start_date),
      createdAt: c.created_at,
      createdBy: c.created_by,
      updatedAt: c.updated_at,
      updatedBy: c.updated_by,
    };
  }

  function list(params: z.output<ReturnType<typeof classListInput>>): { total: number; rows: ClassRow[] } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (params.q !== '') {
      where.push('(instr(c.title, ?) > 0 OR instr(c.teacher, ?) > 0 OR instr(c.location, ?) > 0)');
      args.push(params.q, params.q, params.q);
    }
    if (params.courseType) {
      where.push('c.course_type = ?');
      args.push(params.courseType);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (prepared(`SELECT count(*) AS n FROM training_class c ${whereSql}`).get(...args) as { n: number }).n;
    const rows = prepared(
      `SELECT ${CLASS_COLUMNS} FROM training_class c ${whereSql} ORDER BY c.start_date DESC, c.id DESC LIMIT ? OFFSET ?`,
    ).all(...args, params.limit, params.offset) as ClassDbRow[];
    return { total, rows: rows.map(toRow) };
  }

  /** Field rules of a class that need the database (known course type) or compare fields. */
  function validate(fields: ClassFields, existing: ClassDbRow | null, sessionDates: string[]) {
    const issues: AppError[] = [];
    if (!courseTypes.exists(fields.courseType)) issues.push({ code: 'TRAINING_COURSE_TYPE_UNKNOWN', field: 'courseType' });
    if (fields.endDate < fields.startDate) issues.push({ code: 'TRAINING_END_BEFORE_START', field: 'endDate' });
    terms.check(issues, 'cycle', 'training_cycle', fields.cycle, fields.startDate);
    terms.check(issues, 'industry', 'industry', fields.industry, fields.startDate);
    if (fields.minHours > fields.totalHours) issues.push({ code: 'TRAINING_MIN_HOURS_ABOVE_TOTAL', field: 'minHours', params: { total: fields.totalHours } });
    if (existing && fields.capacity < existing.enrolled) {
      issues.push({ code: 'TRAINING_CAPACITY_BELOW_ENROLLED', field: 'capacity', params: { enrolled: existing.enrolled } });
    }
    const outside = sessionDates.find((d) => d < fields.startDate || d > fields.endDate);
    if (outside) issues.push({ code: 'TRAINING_SESSIONS_OUTSIDE', field: outside < fields.startDate ? 'startDate' : 'endDate', params: { date: outside } });
    if (issues.length) failFields(issues);
  }

  const create = db.transaction((fields: ClassFields): ClassDetail => {
    validate(fields, null, []);
    const now = clock.now();
    const who = actor();
    const result = prepared(
      `INSERT INTO training_class (course_type, title, start_date, end_date, total_hours, teacher, location, capacity,
         cycle, provider, industry, free_to_trainee, min_hours, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      fields.courseType,
      fields.title,
      fields.startDate,
      fields.endDate,
      fields.totalHours,
      fields.teacher,
      fields.location,
      fields.capacity,
      fields.cycle,
      fields.provider,
      fields.industry,
      fields.freeToTrainee ? 1 : 0,
      fields.minHours,
      now,
      who,
      now,
      who,
    );
    return get(Number(result.lastInsertRowid));
  });

  const update = db.transaction((input: ClassFields & { id: number; version: number }): ClassDetail => {
    const existing = loadClass(input.id);
    if (existing.version !== input.version) fail('TRAINING_STALE');
    const sessionDates = (prepared('SELECT date FROM training_session WHERE class_id = ? ORDER BY date').all(input.id) as { date: string }[]).map((s) => s.date);
    validate(input, existing, sessionDates);
    prepared(
      `UPDATE training_class SET course_type = ?, title = ?, start_date = ?, end_date = ?, total_hours = ?, teacher = ?,
         location = ?, capacity = ?, cycle = ?, provider = ?, industry = ?, free_to_trainee = ?, min_hours = ?,
         version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
    ).run(
      input.courseType,
      input.title,
      input.startDate,
      input.endDate,
      input.totalHours,
      input.teacher,
      input.location,
      input.capacity,
      input.cycle,
      input.provider,
      input.industry,
      input.freeToTrainee ? 1 : 0,
      input.minHours,
      clock.now(),
      actor(),
      input.id,
    );
    return get(input.id);
  });

  /** Adds one person to a class, refusing a second enrolment and a full class. */
  function enrolPerson(classId: number, personId: number, name: string): void {
    const c = loadClass(classId);
    const alreadyEnrolled = prepared('SELECT 1 FROM training_enrolment WHERE class_id = ? AND person_id = ?').get(classId, personId) !== undefined;
    const refusal = checkEnrol({ capacity: c.capacity, enrolled: c.enrolled }, { name, alreadyEnrolled });
    if (refusal) fail(refusal.code, undefined, refusal.params);
    const now = clock.now();
    const who = actor();
    prepared(
      `INSERT INTO training_enrolment (class_id, person_id, enrolled_on, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(classId, personId, clock.today(), now, who, now, who);
  }

  /** Enrols many checked people at once (the roster import, inside its transaction). */
  function enrolMany(classId: number, personIds: readonly number[]): void {
    const c = loadClass(classId);
    if (c.enrolled + personIds.length > c.capacity) fail('TRAINING_CLASS_FULL', undefined, { capacity: c.capacity });
    const now = clock.now();
    const who = actor();
    const today = clock.today();
    const insert = prepared(
      `INSERT INTO training_enrolment (class_id, person_id, enrolled_on, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const personId of personIds) insert.run(classId, personId, today, now, who, now, who);
  }

  const enrol = db.transaction((input: { classId: number; personId: number } | { classId: number; person: PersonFields }): ClassDetail => {
    const c = loadClass(input.classId);
    if ('personId' in input) {
      const person = prepared('SELECT name FROM person WHERE id = ?').get(input.personId) as { name: string } | undefined;
      if (!person) fail('PERSON_NOT_FOUND', 'personId', { id: input.personId });
      enrolPerson(input.classId, input.personId, person.name);
    } else {
      // A full class refuses before anyone is registered, so the form keeps what was typed.
      if (c.enrolled >= c.capacity) fail('TRAINING_CLASS_FULL', undefined, { capacity: c.capacity });
      const created = people.create(input.person);
      enrolPerson(input.classId, created.id, created.name);
    }
    return get(input.classId);
  });

  const unenrol = db.transaction((enrolmentId: number): ClassDetail => {
    const e = loadEnrolment(enrolmentId);
    const records = prepared(
      `SELECT (SELECT count(*) FROM training_attendance WHERE enrolment_id = ?) + (SELECT count(*) FROM training_certificate WHERE enrolment_id = ?) AS n`,
    ).get(enrolmentId, enrolmentId) as { n: number };
    if (records.n > 0 || e.completed_on) fail('TRAINING_ENROLMENT_HAS_RECORDS', undefined, { name: e.name });
    prepared('DELETE FROM training_enrolment WHERE id = ?').run(enrolmentId);
    return get(e.class_id);
  });

  function attendanceDay(classId: number, date: string): AttendanceDay {
    loadClass(classId);
    const session = prepared('SELECT id, hours FROM training_session WHERE class_id = ? AND date = ?').get(classId, date) as { id: number; hours: number | null } | undefined;
    const marks = (
      prepared(
        `SELECT e.id, a.status FROM training_enrolment e
         LEFT JOIN training_attendance a ON a.enrolment_id = e.id AND a.session_id = ?
         WHERE e.class_id = ? ORDER BY e.id`,
      ).all(session?.id ?? 0, classId) as { id: number; status: AttendanceStatus | null }[]
    ).map((m) => ({ enrolmentId: m.id, status: m.status }));
    return { classId, date, taken: session !== undefined, hours: session?.hours ?? null, marks };
  }

  /**
   * The one place an attendance mark is written. Claimed attendance will be locked here (subsidy
   * claims), so every change of attendance must come through this function.
   */
  function writeAttendance(sessionId: number, enrolmentId: number, status: AttendanceStatus, now: string): void {
    prepared(
      `INSERT INTO training_attendance (session_id, enrolment_id, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (session_id, enrolment_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by WHERE status <> excluded.status`,
    ).run(sessionId, enrolmentId, status, now, actor());
  }

  /**
   * The one place a completion is written or withdrawn (same reason as writeAttendance: claimed
   * completions will be locked here).
   */
  function writeCompletion(enrolmentId: number, completedOn: string | null, now: string): void {
    prepared('UPDATE training_enrolment SET completed_on = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(completedOn, now, actor(), enrolmentId);
  }

  const saveAttendance = db.transaction(
    (input: { classId: number; date: string; marks: { enrolmentId: number; status: AttendanceStatus }[]; hours?: number | null }): ClassDetail => {
      const c = loadClass(input.classId);
      if (input.date < c.start_date || input.date > c.end_date) {
        fail('TRAINING_DATE_OUTSIDE_CLASS', 'date', { start: c.start_date, end: c.end_date });
      }
      if (input.date > clock.today()) fail('TRAINING_DATE_FUTURE', 'date', { today: clock.today() });
      if (input.marks.length === 0) fail('TRAINING_NO_TRAINEES');
      const inClass = new Set(
        (prepared('SELECT id FROM training_enrolment WHERE class_id = ?').all(input.classId) as { id: number }[]).map((e) => e.id),
      );
      const stranger = input.marks.find((m) => !inClass.has(m.enrolmentId));
      if (stranger) fail('TRAINING_ENROLMENT_NOT_IN_CLASS', undefined, { id: stranger.enrolmentId });
      const now = clock.now();
      prepared('INSERT OR IGNORE INTO training_session (class_id, date, created_at, created_by) VALUES (?, ?, ?, ?)').run(
        input.classId,
        input.date,
        now,
        actor(),
      );
      const session = prepared('SELECT id FROM training_session WHERE class_id = ? AND date = ?').get(input.classId, input.date) as { id: number };
      if (input.hours !== undefined && input.hours !== null) prepared('UPDATE training_session SET hours = ? WHERE id = ? AND hours IS NOT ?').run(input.hours, session.id, input.hours);
      for (const mark of input.marks) writeAttendance(session.id, mark.enrolmentId, mark.status, now);
      return get(input.classId);
    },
  );

  const setCompletion = db.transaction((enrolmentId: number, completedOn: string): ClassDetail => {
    const e = loadEnrolment(enrolmentId);
    const c = loadClass(e.class_id);
    if (completedOn === '') {
      writeCompletion(enrolmentId, null, clock.now());
      return get(c.id);
    }
    if (completedOn < c.start_date) fail('TRAINING_COMPLETION_BEFORE_START', 'completedOn', { start: c.start_date });
    if (completedOn > clock.today()) fail('TRAINING_DATE_FUTURE', 'completedOn', { today: clock.today() });
    const count = attendanceCount(enrolmentId, c.id);
    const refusal =
      checkClassEnded(completedOn, c.end_date) ??
      checkCompletion(count, courseTypes.minAttendancePct(c.course_type, c.start_date)) ??
      checkHours(count.hours, c.min_hours);
    if (refusal) fail(refusal.code, undefined, { ...('params' in refusal ? refusal.params : {}), name: e.name });
    writeCompletion(enrolmentId, completedOn, clock.now());
    return get(c.id);
  });

  const addCertificate = db.transaction((input: z.output<ReturnType<typeof certificateInput>>): ClassDetail => {
    const e = loadEnrolment(input.enrolmentId);
    const same = prepared('SELECT 1 FROM training_certificate WHERE cert_type = ? AND number = ?').get(input.certType, input.number);
    if (same) fail('TRAINING_CERTIFICATE_DUPLICATE', 'number', { number: input.number });
    if (input.issuedOn > clock.today()) fail('TRAINING_DATE_FUTURE', 'issuedOn', { today: clock.today() });
    prepared(
      `INSERT INTO training_certificate (enrolment_id, cert_type, number, issued_on, issuer, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.enrolmentId, input.certType, input.number, input.issuedOn, input.issuer, clock.now(), actor());
    return get(e.class_id);
  });

  const removeCertificate = db.transaction((id: number): ClassDetail => {
    const row = prepared(
      'SELECT e.class_id FROM training_certificate t JOIN training_enrolment e ON e.id = t.enrolment_id WHERE t.id = ?',
    ).get(id) as { class_id: number } | undefined;
    if (!row) fail('TRAINING_CERTIFICATE_NOT_FOUND', undefined, { id });
    prepared('DELETE FROM training_certificate WHERE id = ?').run(id);
    return get(row.class_id);
  });

  return {
    list,
    get,
    create,
    update,
    enrol,
    enrolMany,
    unenrol,
    attendanceDay,
    saveAttendance,
    setCompletion,
    addCertificate,
    removeCertificate,
  };
}
