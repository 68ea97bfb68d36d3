// Desktop notifications (the Alerts view's opt-in): new critical or major alerts and failed tasks
// raise a system notification. Off until the user turns it on; main keeps the choice in its settings.
export interface NotificationSettings { desktop: boolean }
