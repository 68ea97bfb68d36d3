// task.other_config keys the client writes on tasks it creates or starts (both sides read them).

/**
 * Marks an Async call that main runs as one step of its own flow task (clients cannot set
 * subtask_of): the Events panel then shows the flow's task alone, as it does real sub-tasks.
 */
export const SUBTASK_OF_KEY = 'xenclient_subtask_of';

/**
 * The step a multi-step task of main's is at, or the step that failed (with what cleanup did),
 * for the Events panel.
 */
export const STEP_KEY = 'xenclient_step';

/**
 * Something the user must know about a task that succeeded (words), shown under it in the Events
 * panel: e.g. saved alerts that a server's perfmon could not be told to apply at once.
 */
export const NOTE_KEY = 'xenclient_note';
