import type { Role, Topic } from '@ycyw/protocol';

/** UI text of the support desk: new requests, the agents' queue, topics. */
export const supportStrings = {
  topics: {
    reservation: 'Reservation',
    billing: 'Billing',
    vehicle: 'Vehicle',
    account: 'Account',
    other: 'Other',
  } satisfies Record<Topic, string>,
  roles: {
    customer: 'customer',
    agent: 'agent',
  } satisfies Record<Role, string>,

  newRequestTitle: 'New support request',
  newRequestIntro: 'Tell us what it is about; an agent will answer you in a live chat.',
  subjectLabel: 'Subject',
  subjectPlaceholder: 'e.g. Change the pick-up date of my booking',
  topicLabel: 'Topic',
  openRequest: 'Open request',
  subjectRequired: 'Please give your request a subject.',
  subjectTooLong: (max: number) => `A subject holds at most ${max} characters.`,
  cancel: 'Cancel',

  queueTitle: 'Waiting customers',
  queueLabel: 'Waiting customers',
  queueEmpty: 'No customer is waiting. New requests appear here as they arrive.',
  loading: 'Loading…',
  take: 'Take',
  takenByAnother: 'Another agent took this conversation',
  waitingFor: (minutes: number) => {
    if (minutes < 1) return 'waiting for less than a minute';
    if (minutes < 60) return `waiting for ${minutes} min`;
    return `waiting for ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  },
  positionLabel: (position: number) => `Number ${position} in the queue:`,
} as const;
