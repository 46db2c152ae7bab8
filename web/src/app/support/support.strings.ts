import type { ConversationStatus, PresenceStatus, Role, Topic } from '@ycyw/protocol';

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
  takeOldest: 'Take oldest',
  newWaitingCustomer: (count: number) => (count === 1 ? 'A customer is waiting' : `${count} new customers are waiting`),
  nobodyWaitingAnyMore: 'Nobody is waiting any more: another agent took the last conversation.',
  takenByAnother: 'Another agent took this conversation',
  waitingFor: (minutes: number) => {
    if (minutes < 1) return 'waiting for less than a minute';
    if (minutes < 60) return `waiting for ${minutes} min`;
    return `waiting for ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  },
  positionLabel: (position: number) => `Number ${position} in the queue:`,
  averageRating: (average: number, count: number) =>
    `Average rating: ${formatScore(average)} (${count === 1 ? '1 rating' : `${count} ratings`})`,
  noRatingsYet: 'Average rating: no rating yet',

  // The customer's place in the queue.
  positionInLine: (position: number) => `You are number ${position} in line`,
  estimatedWait: (minutes: number) => `Estimated wait: about ${minutes} min`,
  noAgentOnline: 'No agent is online right now. Your messages are kept and will be answered as soon as an agent is.',

  // An agent's actions in a conversation.
  deskActions: 'Conversation actions',
  resolve: 'Resolve',
  transfer: 'Transfer',
  inviteAgent: 'Invite agent',
  customerDetails: 'Customer details',
  transferTitle: 'Transfer to another agent',
  inviteTitle: 'Invite another agent',
  agentLabel: 'Agent',
  chooseAgent: 'Choose an agent',
  /** Only online agents can be chosen; the others are listed with the reason they cannot. */
  agentOption: (name: string, status: PresenceStatus) => (status === 'online' ? name : `${name} (${status})`),
  noOtherAgent: 'There is no other agent to choose.',
  agentRequired: 'Please choose an agent.',
  noteLabel: 'Note',
  notePlaceholder: 'What the next agent should know',
  confirmTransfer: 'Transfer conversation',
  confirmInvite: 'Send invitation',
  deskConflict: 'This agent is not available any more, or the conversation changed meanwhile. Please try again.',

  // Customer details.
  nameLabel: 'Name',
  email: 'Email',
  memberSince: 'Member since',
  earlierConversations: 'Conversations',
  thisConversation: '(this one)',
  conversationStatus: {
    waiting: 'waiting',
    active: 'in progress',
    resolved: 'resolved',
  } satisfies Record<ConversationStatus, string>,
  ratedOutcome: (score: number) => `rated ${score}/5`,
  notRated: 'not rated',

  // The customer's rating of a resolved conversation.
  ratingTitle: 'How did we do?',
  ratingLabel: 'Rating',
  stars: (score: number) => (score === 1 ? '1 star' : `${score} stars`),
  commentLabel: 'Comment',
  commentPlaceholder: 'Anything you would like to tell us (optional)',
  sendRating: 'Send rating',
  ratingRequired: 'Please choose a rating from 1 to 5 stars.',
  ratedThanks: (score: number) => `Thank you — you rated this ${score}/5`,
  changeRating: 'Change rating',
} as const;

/** 4.5, 4, 3.7: one decimal at most, none when whole. */
function formatScore(average: number): string {
  return String(Math.round(average * 10) / 10);
}
