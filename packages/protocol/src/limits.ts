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
  /** Default largest attachment, in bytes (the operator may lower or raise it: ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes: 10 * 1024 * 1024,
  /** What may be attached: photos and PDF documents. */
  attachmentContentTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'],
  fileNameMaxChars: 200,
  transferNoteMaxChars: 1000,
  ratingCommentMaxChars: 1000,
} as const;
