/** Runs a task later; the domain's timers go through it so that tests and other nodes can replace it. */
export interface Scheduler {
  /** Runs `task` once after `ms`; the returned function cancels it (calling it again does nothing). */
  schedule(ms: number, task: () => void): () => void;
}

/** Node's timers, unref'd: a pending ring or grace timer never keeps the process alive. */
export const systemScheduler: Scheduler = {
  schedule(ms, task) {
    const timer = setTimeout(task, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
