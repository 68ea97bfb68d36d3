// The channel list, the validators and main's handlers are one table each, keyed by the same
// channels: no channel can be listed without a validator (which used to let a request through
// with undefined arguments) or reach AppCore without a handler.
import { describe, expect, it } from 'vitest';
import { ContractError, REQUEST_CHANNELS, validateRequest } from '../../shared/ipc/validate';
import { HANDLERS } from '../../electron/core/features/index';

describe('the IPC channel table', () => {
  it('lists each channel once, and main has a handler for exactly those channels', () => {
    expect(new Set(REQUEST_CHANNELS).size).toBe(REQUEST_CHANNELS.length);
    expect(Object.keys(HANDLERS).sort()).toEqual([...REQUEST_CHANNELS].sort());
    for (const c of REQUEST_CHANNELS) expect(typeof HANDLERS[c]).toBe('function');
  });

  it('has a validator for every channel: a payload is refused or becomes arguments, never undefined', () => {
    for (const channel of REQUEST_CHANNELS) {
      for (const payload of [{}, { connectionId: 'c1' }, { unexpected: 1 }]) {
        let args: unknown;
        try {
          args = validateRequest(channel, payload).args;
        } catch (e) {
          expect(e, channel).toBeInstanceOf(ContractError);
          continue;
        }
        expect(args, channel).toBeTypeOf('object');
        expect(args, channel).not.toBeNull();
      }
    }
  });

  it('knows no channel outside the table, inherited names included', () => {
    for (const channel of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'servers', 'session.login']) {
      expect(() => validateRequest(channel, {}), channel).toThrow(/unknown channel/);
    }
  });
});
