import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createFiles } from '../../../db/files';
import { downloadHeaders } from '../../../host/downloads';
import { tempDir } from '../../support/service';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('exported files', () => {
  const file = path.join(tmp.dir, '2026年11月 康复救助申报.xlsx');
  fs.writeFileSync(file, 'workbook bytes');

  it('hands a file out once per ticket', () => {
    const files = createFiles();
    const entry = files.register(file);
    const link = files.link(entry.fileId)!;
    expect(link.url).toMatch(/^\/download\/[\w-]{32}$/);
    const ticket = link.url.split('/').at(-1)!;
    expect(files.redeem(ticket)?.file).toBe(file);
    expect(files.redeem(ticket)).toBeNull();
    expect(files.link('not-an-id')).toBeNull();
  });

  it('lets a ticket expire after a minute', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const files = createFiles();
      const ticket = files.link(files.register(file).fileId)!.url.split('/').at(-1)!;
      vi.setSystemTime(Date.now() + 61_000);
      expect(files.redeem(ticket)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('names the download in UTF-8 so Chinese file names survive', () => {
    const headers = downloadHeaders(createFiles().register(file));
    expect(headers['Content-Type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers['Content-Disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('2026年11月 康复救助申报.xlsx')}`);
  });
});
