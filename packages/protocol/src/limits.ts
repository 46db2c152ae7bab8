/** Sizes the server enforces; clients can use them to validate before sending. */
export const limits = {
  messageBodyMaxChars: 4000,
  clientMessageIdMaxChars: 64,
  subjectMaxChars: 200,
  displayNameMaxChars: 80,
  passwordMinChars: 8,
  passwordMaxChars: 200,
  emailMaxChars: 254,
  historyPageMax: 100,
  historyPageDefault: 50,
  /** Most participants joined to one call at once (a mesh: each device connects to every other). */
  callMaxParticipants: 4,
  /** Largest HTTP JSON body or socket.io packet, in bytes. */
  maxPayloadBytes: 64 * 1024,
} as const;
