// A saved Server Status Report's zip holds server logs: in the browser host it waits in a temporary
// folder for its one download. It is deleted once downloaded, when its transfer expires unused, and
// when AppCore drops every transfer (dispose), so no confidential file outlives its use.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { TransferRegistry } from '../../electron/core/features/transfer/registry';
import { streamExport } from '../../electron/core/features/transfer/streams';
import type { CoreContext } from '../../electron/core/features/context';

function zip(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'xc-ssr-cleanup-')), 'report.zip');
  writeFileSync(path, 'PK-bytes');
  return path;
}
const report = (path: string) => ({ kind: 'status-report' as const, connectionId: '', ref: '', fileName: 'r.zip', taskRef: '', path });

describe('a status report zip waiting for its download', () => {
  it('is deleted once downloaded', async () => {
    const transfers = new TransferRegistry();
    const path = zip();
    const id = transfers.add(report(path));
    const got: Buffer[] = [];
    await streamExport({ transfers } as unknown as CoreContext, id, () => new Writable({ write(c: Buffer, _e, cb) { got.push(c); cb(); } }));
    expect(Buffer.concat(got).toString()).toBe('PK-bytes');
    expect(existsSync(path)).toBe(false);
  });

  it('is deleted when its transfer expires unused, and when every transfer is dropped', () => {
    vi.useFakeTimers();
    try {
      const onExpire = vi.fn();
      const transfers = new TransferRegistry({ expiryMs: 1000, onExpire });
      const expiring = zip();
      transfers.add(report(expiring));
      vi.advanceTimersByTime(1001);
      expect(existsSync(expiring)).toBe(false);
      const dropped = zip();
      transfers.add(report(dropped));
      transfers.drop();
      expect(existsSync(dropped)).toBe(false);
      expect(onExpire).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
