import type { RequestErrorCode } from './request-error';

/** UI text of the application shell and of errors shared by every feature. */
export const coreStrings = {
  appName: 'Your Car Your Way',
  appTagline: 'Live Support',
  mainNavigation: 'Main',
  conversations: 'Conversations',
  queue: 'Queue',
  logOut: 'Log out',
  signedInAs: (name: string) => `Signed in as ${name}`,
  reconnecting: 'Reconnecting…',
  enableNotifications: 'Enable notifications',
  pageTitles: {
    login: 'Log in · Live Support',
    register: 'Create an account · Live Support',
    conversations: 'Conversations · Live Support',
    newRequest: 'New support request · Live Support',
    conversation: 'Conversation · Live Support',
    queue: 'Waiting customers · Live Support',
  },
  errors: {
    invalid_payload: 'Please check the form: something is not valid.',
    unauthorized: 'Your session has ended. Please log in again.',
    invalid_credentials: 'Wrong email or password.',
    forbidden: 'You are not allowed to do that.',
    not_found: 'This could not be found.',
    email_taken: 'An account already exists with this email.',
    conflict: 'Someone else changed this at the same time. Please try again.',
    payload_too_large: 'This is too large.',
    unsupported_media_type: 'Only photos (JPEG, PNG, GIF, WebP) and PDF documents can be sent.',
    rate_limited: 'Too many attempts. Please wait a moment and try again.',
    internal: 'Something went wrong on our side. Please try again.',
    network_error: 'The server cannot be reached. Check your connection and try again.',
  } satisfies Record<RequestErrorCode, string>,
} as const;
