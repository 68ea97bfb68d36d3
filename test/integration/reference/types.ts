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

/** The walk's second half: a call in a state where SEMANTICS.md says it must fail. */
export interface RefusalCtx extends RefCtx {
  /** The product's typed client logged in as a read-only user (viewer/look), for RBAC refusals (§11.2). */
  viewer: TypedXapi;
}

export interface Refusal {
  /** The call's arguments (the session is the client's own), made through the typed client as root,
   * or as the read-only viewer when `as` says so. */
  args?: unknown[];
  as?: 'viewer';
  /** For calls the typed client cannot make as-is (a login): the whole call. */
  call?: () => Promise<unknown>;
  /** Exactly what SEMANTICS.md gives: [code, ...params]. */
  error: string[];
  /** After the refusal: that nothing changed (and any restoring of the arranged state). */
  check?: () => void | Promise<void>;
}

export interface RefRefusal {
  /** The function as the reference names it, e.g. "VM.start". */
  fn: string;
  /** The SEMANTICS.md section that says the call must fail so, e.g. "1.2". */
  section: string;
  /** For a function with several refusal cases: what this one refuses (shown in the test's name). */
  what?: string;
  /** Brings the simulator to the refusing state (cases run in order on one simulator). */
  arrange(ctx: RefusalCtx): Promise<Refusal>;
  /** As RefCase.simulatorBug: the walk runs it as it.fails until the simulator agrees with SEMANTICS.md. */
  simulatorBug?: string;
}

export interface RefRefusalFamily {
  name: string;
  simulator?: SimulatorOptions;
  refusals: RefRefusal[];
}
