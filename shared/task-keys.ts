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
