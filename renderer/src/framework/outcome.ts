// A command's outcome from the one bridge request that starts it: the task it returns, or the
// refusal, for the Events panel (a refused request is a row of its own, never a thrown error).
import type { CommandOutcome, SelectedObject } from './command';

/** Runs `start` and reports its task ref, or its error, with the title and the target's name. */
export async function requestOutcome(target: SelectedObject, title: string, vm: string | undefined, start: () => Promise<{ taskRef: string }>): Promise<CommandOutcome> {
  try {
    return { target, title, vm, taskRef: (await start()).taskRef };
  } catch (error) {
    return { target, title, vm, error };
  }
}
