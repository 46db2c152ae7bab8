/** The only place that names socket.io rooms. */
export const roomFor = {
  /** Every device of one user: what is addressed to a person goes here. */
  user: (userId: string) => `user:${userId}`,
  /** Every device opened with one session: logout disconnects them. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** One device (one tab), wherever it is connected: call signaling is addressed to it. */
  device: (deviceId: string) => `device:${deviceId}`,
  /** Every agent device: the live queue goes here. */
  agents: () => 'agents',
} as const;
