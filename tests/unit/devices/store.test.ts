// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useDevicesStore, fenToYuanText } from '../../../renderer/stores/devices';
import { useBridge } from '../../../renderer/api';
import type { Result } from '../../../db/contract';
import type { DevicePersonFile, DeviceRules } from '../../../db/devices/contract';
import { DEFAULT_FOLLOWUP_RULES, DEFAULT_SUBSIDY_RULES } from '../../../db/devices/rules';

function bridge(answer: (name: string, input: unknown) => Result<unknown> | Promise<Result<unknown>>) {
  const calls: { name: string; input: unknown }[] = [];
  useBridge({
    invoke: async (name, input) => {
      calls.push({ name, input });
      return answer(name, input);
    },
  });
  return calls;
}

const file: DevicePersonFile = {
  person: { id: 7, name: '张建华', idNumber: '320113196204180314', sex: 'M', age: 64, category: 4, level: 1, household: 'rural', phone: '', supportStatuses: ['dibao'] },
  assessments: [],
  fittings: [],
  history: [],
};

beforeEach(() => setActivePinia(createPinia()));

describe('devices store', () => {
  it('sends the typed yuan as fen and keeps the draft when the save fails', async () => {
    const calls = bridge((name) => {
      if (name === 'devices.person') return { ok: true, value: file };
      return { ok: false, error: { code: 'DEVICE_EARLY_REPLACEMENT', field: 'replacementReason', params: {} } };
    });
    const devices = useDevicesStore();
    await devices.openPerson(7);
    devices.startFitting('2026-11-22');
    Object.assign(devices.fittingDraft, { itemId: 3, supplier: '某公司', cost: '1,234.5', fittedOn: '2026-11-01' });
    expect(await devices.saveFitting()).toEqual({ value: null, error: { code: 'DEVICE_EARLY_REPLACEMENT', field: 'replacementReason', params: {} } });
    const sent = calls.find((c) => c.name === 'devices.fittingCreate')!.input as { costFen: number; personId: number };
    expect(sent).toMatchObject({ costFen: 123_450, personId: 7 });
    expect(devices.fittingError).toMatchObject({ code: 'DEVICE_EARLY_REPLACEMENT' });
    expect(devices.fittingDraft).toMatchObject({ cost: '1,234.5', supplier: '某公司', itemId: 3 });
  });

  it('refuses a cost that is not yuan without calling the service', async () => {
    const calls = bridge(() => ({ ok: true, value: file }));
    const devices = useDevicesStore();
    await devices.openPerson(7);
    devices.startFitting('2026-11-22');
    devices.fittingDraft.cost = '12.345';
    expect(await devices.saveFitting()).toEqual({ value: null, error: { code: 'AMOUNT_INVALID', field: 'costFen' } });
    expect(devices.fittingError).toEqual({ code: 'AMOUNT_INVALID', field: 'costFen' });
    devices.fittingDraft.cost = '';
    await devices.saveFitting();
    expect(devices.fittingError).toEqual({ code: 'REQUIRED', field: 'costFen' });
    expect(calls.map((c) => c.name).filter((n) => n.startsWith('devices.fitting'))).toEqual([]);
  });

  it('shows only the latest quote when answers arrive out of order', async () => {
    const pending: ((r: Result<unknown>) => void)[] = [];
    bridge((name) => (name === 'devices.person' ? { ok: true, value: file } : new Promise((resolve) => pending.push(resolve))));
    const devices = useDevicesStore();
    await devices.openPerson(7);
    Object.assign(devices.fittingDraft, { itemId: 3, cost: '100', fittedOn: '2026-11-01' });
    const first = devices.requestQuote();
    devices.fittingDraft.cost = '200';
    const second = devices.requestQuote();
    const quote = (subsidyFen: number) => ({ ok: true, value: { split: { subsidyFen } } }) as Result<unknown>;
    pending[1]!(quote(20_000));
    await second;
    pending[0]!(quote(10_000));
    await first;
    expect(devices.quote?.split.subsidyFen).toBe(20_000);
  });

  it('turns the rules form into percentages and fen, empty meaning "not set", and names each bad field', async () => {
    const rules: DeviceRules = { year: 2026, subsidy: DEFAULT_SUBSIDY_RULES, ...DEFAULT_FOLLOWUP_RULES, setForYear: null };
    const calls = bridge((name, input) => ({ ok: true, value: name === 'devices.rules' ? rules : { ...rules, ...(input as object), setForYear: 2026 } }));
    const devices = useDevicesStore();
    await devices.loadRules(2026);
    expect(devices.rulesDraft).toMatchObject({ defaultPercent: '50', classCaps: { mobility: '' }, afterFittingMonths: '3' });

    devices.rulesDraft!.defaultPercent = '101';
    devices.rulesDraft!.classCaps.hearing = '3000.001';
    expect((await devices.saveRules(2026)).error?.code).toBe('VALIDATION');
    expect(devices.rulesError?.details?.map((d) => d.field)).toEqual(['subsidy.defaultPercent', 'subsidy.classCapsFen.hearing']);

    devices.rulesDraft!.defaultPercent = '60';
    devices.rulesDraft!.classCaps.hearing = '3,000';
    devices.rulesDraft!.statusPercents.care_allowance = '';
    const saved = await devices.saveRules(2026);
    expect(saved.error).toBeNull();
    expect(saved.value?.setForYear).toBe(2026);
    expect(devices.rulesError).toBeNull();
    const sent = calls.find((c) => c.name === 'devices.rulesSave')!.input as { subsidy: typeof DEFAULT_SUBSIDY_RULES };
    expect(sent.subsidy).toMatchObject({ defaultPercent: 60, classCapsFen: { hearing: 300_000, mobility: null }, statusPercents: { care_allowance: null, dibao: 80 } });
  });

  it('keeps the fitting-service share set before when the rules are saved again, and sends a new one', async () => {
    const rules: DeviceRules = { year: 2026, subsidy: { ...DEFAULT_SUBSIDY_RULES, serviceSharePercents: { hearing: 20 } }, ...DEFAULT_FOLLOWUP_RULES, setForYear: 2026 };
    const calls = bridge((name, input) => ({ ok: true, value: name === 'devices.rules' ? rules : { ...rules, ...(input as object) } }));
    const devices = useDevicesStore();
    await devices.loadRules(2026);
    expect(devices.rulesDraft?.serviceShares.hearing).toBe('20');
    devices.rulesDraft!.serviceShares.vision = '15';
    devices.rulesDraft!.serviceShares.mobility = '120';
    expect((await devices.saveRules(2026)).error?.details?.map((d) => d.field) ?? [devices.rulesError?.field]).toEqual(['subsidy.serviceSharePercents.mobility']);
    devices.rulesDraft!.serviceShares.mobility = '';
    expect((await devices.saveRules(2026)).error).toBeNull();
    const sent = calls.find((c) => c.name === 'devices.rulesSave')!.input as { subsidy: typeof DEFAULT_SUBSIDY_RULES };
    expect(sent.subsidy.serviceSharePercents).toEqual({ hearing: 20, vision: 15 });
  });

  it('shows fen in forms as plain yuan that parses back', () => {
    expect(fenToYuanText(123_456_789)).toBe('1234567.89');
    expect(fenToYuanText(5)).toBe('0.05');
  });
});
