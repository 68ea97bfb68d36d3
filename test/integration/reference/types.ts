// The shape of the table-driven walk over ../shared/xapi/function-reference.md: every family
// (cases/<family>.ts, default export) lists one case per reference function, run in order
// against one simulator through the product's typed client, each asserting the function's effect.
import type { Simulator, SimulatorOptions } from '../../../simulator/index';
import type { TypedXapi } from '../../../electron/core/xapi/typed-client';

export interface RefCtx {
  sim: Simulator;
  /** The product's typed client, logged in as root. */
  xapi: TypedXapi;
  url: string;
  /** A root session for raw checks through test/support/xapi-rpc.ts (another client's view). */
  session: string;
}

export interface RefCase {
  /** The function as the reference names it, e.g. "VM.start". */
  fn: string;
  run(ctx: RefCtx): Promise<void>;
  /** Set only when the case fails because the simulator is wrong: the walk runs it as it.fails
   * ("SIMULATOR BUG: <this text>"), so it turns red again once the simulator is fixed. */
  simulatorBug?: string;
}

export interface RefFamily {
  name: string;
  simulator?: SimulatorOptions;
  cases: RefCase[];
}
