import { readFile } from 'node:fs/promises';
import { agents, newCustomer, uniqueTag } from './fixtures/accounts';
import {
  agentLanding,
  conversationUrl,
  inviteAgent,
  logIn,
  messagesWith,
  openRequest,
  queueRow,
  registerCustomer,
  sendMessage,
  take,
  waitingCustomers,
} from './fixtures/journey-steps';
import { expect, type Party, test } from './fixtures/parties';

/** The smallest valid PNG (1×1 pixel): a photo of the damage, as far as the server can tell. */
const photo = {
  name: 'scratched-door.png',
  mimeType: 'image/png',
  buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
};

const offlineNotice = 'No agent is online right now. Your messages are kept and an agent will answer as soon as one is available.';

function button(party: Party, name: string) {
  return party.page.getByRole('button', { name, exact: true });
}

/** The agent takes every conversation left waiting by earlier journeys, so this one starts with an empty queue. */
async function emptyTheQueue(agent: Party): Promise<void> {
  await expect(agent.page.getByRole('list', { name: 'Waiting customers', exact: true })).toBeAttached();
  for (let left = await waitingCustomers(agent.page).count(); left > 0; left = await waitingCustomers(agent.page).count()) {
    await button(agent, 'Take oldest').click();
    await expect(agent.page).toHaveURL(conversationUrl);
    await agent.page.goto('/queue');
  }
}

test('a desk day: offline message answered later, queue positions, take oldest, details, photo, transfer, invite, resolve, rating, transcript', async ({
  openParty,
}) => {
  test.setTimeout(150_000);
  const nadia = await openParty();
  const omar = await openParty();
  const alice = await openParty();
  const bruno = await openParty();
  const nadiaAccount = newCustomer('Nadia');
  const damage = uniqueTag('Scratched door after pick-up');
  const invoice = uniqueTag('Charged twice');

  // Before the desk opens: the agents' queue is emptied of earlier journeys, and then every agent is gone.
  await logIn(alice.page, agents.alice, agentLanding);
  await emptyTheQueue(alice);
  await button(alice, 'Log out').click();
  await expect(alice.page).toHaveURL(/\/login$/);

  // Nadia writes while no agent is online (once the last agent's few seconds of reload grace are over):
  // she is told at once, in the conversation, and her message waits.
  await registerCustomer(nadia.page, nadiaAccount);
  await openRequest(nadia.page, damage, 'Vehicle');
  await expect(nadia.page.getByText('No agent is online right now. Your messages are kept and will be answered as soon as an agent is.')).toBeVisible({
    timeout: 15_000,
  });
  await sendMessage(nadia.page, 'Someone scratched the door, can you help?');
  await sendMessage(nadia.page, 'It is a blue Clio.');
  await expect(messagesWith(nadia.page, 'Someone scratched the door')).toHaveCount(1);
  await expect(messagesWith(nadia.page, offlineNotice)).toHaveCount(1);

  // Omar comes second, and sees his place.
  await registerCustomer(omar.page, newCustomer('Omar'));
  await openRequest(omar.page, invoice, 'Billing');
  await expect(omar.page.getByText('You are number 2 in line')).toBeVisible();
  await expect(nadia.page.getByText('You are number 1 in line')).toBeVisible();

  // The first agent online finds Nadia at the top, and takes the oldest with one button.
  await logIn(alice.page, agents.alice, agentLanding);
  await expect(waitingCustomers(alice.page).first()).toContainText(damage);
  await expect(waitingCustomers(alice.page).nth(1)).toContainText(invoice);
  await button(alice, 'Take oldest').click();
  await expect(alice.page).toHaveURL(conversationUrl);
  await expect(alice.page.getByRole('heading', { name: damage })).toBeVisible();
  await expect(messagesWith(alice.page, 'Someone scratched the door')).toHaveCount(1);
  // Omar moves up live.
  await expect(omar.page.getByText('You are number 1 in line')).toBeVisible();
  await sendMessage(alice.page, 'Hello Nadia, Alice here. I am sorry about the door.');
  await expect(messagesWith(nadia.page, 'Hello Nadia, Alice here.')).toHaveCount(1);

  // Who the customer is, one click away.
  await button(alice, 'Customer details').click();
  const details = alice.page.getByRole('region', { name: 'Customer details' });
  await expect(details).toContainText(nadiaAccount.email);
  await expect(details).toContainText('Member since');
  await expect(details).toContainText(damage);

  // Nadia sends a photo of the damage; both see it.
  await nadia.page.getByLabel('Attach file', { exact: true }).setInputFiles(photo);
  for (const party of [nadia, alice]) {
    const preview = party.page.getByRole('img', { name: photo.name });
    await expect(preview).toBeVisible();
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  }

  // Bruno comes online; Alice hands the conversation over with a note.
  await logIn(bruno.page, agents.bruno, agentLanding);
  await button(alice, 'Transfer').click();
  await alice.page.getByRole('combobox', { name: 'Agent', exact: true }).selectOption({ label: agents.bruno.displayName });
  await alice.page.getByRole('textbox', { name: 'Note', exact: true }).fill('Damage claim, photo attached');
  await button(alice, 'Transfer conversation').click();
  const transferNote = `Alice Agent transferred the conversation to Bruno Agent: Damage claim, photo attached`;
  await expect(messagesWith(nadia.page, transferNote)).toHaveCount(1);

  // Bruno finds it in his conversations, reads the history, and invites Alice back as a supervisor.
  await bruno.page.goto('/conversations');
  await bruno.page.getByRole('link', { name: new RegExp(damage) }).click();
  await expect(bruno.page).toHaveURL(conversationUrl);
  await expect(messagesWith(bruno.page, 'Hello Nadia, Alice here.')).toHaveCount(1);
  await expect(bruno.page.getByRole('img', { name: photo.name })).toBeVisible();
  await inviteAgent(bruno.page, agents.alice.displayName);
  await expect(messagesWith(nadia.page, 'Bruno Agent invited Alice Agent')).toHaveCount(1);
  await sendMessage(bruno.page, 'The repair is covered by your insurance.');
  await expect(messagesWith(nadia.page, 'The repair is covered')).toHaveCount(1);

  // Resolved; Nadia rates it.
  await button(bruno, 'Resolve').click();
  await expect(messagesWith(nadia.page, 'Bruno Agent resolved the conversation')).toHaveCount(1);
  await nadia.page.getByRole('radio', { name: '5 stars' }).check();
  await nadia.page.getByRole('textbox', { name: 'Comment', exact: true }).fill('Quick and kind');
  await button(nadia, 'Send rating').click();
  await expect(nadia.page.getByText('Thank you — you rated this 5/5')).toBeVisible();
  await bruno.page.goto('/queue');
  await expect(bruno.page.getByText(/Average rating: [\d.]+ \(\d+ ratings?\)/)).toBeVisible();

  // The transcript holds the whole day of this conversation.
  const [download] = await Promise.all([
    nadia.page.waitForEvent('download'),
    nadia.page.getByRole('link', { name: 'Download transcript', exact: true }).click(),
  ]);
  const transcript = await readFile((await download.path())!, 'utf8');
  for (const line of [damage, 'Someone scratched the door', 'Hello Nadia, Alice here.', photo.name, transferNote, 'The repair is covered']) {
    expect(transcript).toContain(line);
  }

  // Omar is still waiting, first in line; the other agent takes him from the list.
  await expect(queueRow(bruno.page, invoice)).toHaveCount(1);
  await take(bruno.page, invoice);
  await sendMessage(bruno.page, 'Hello Omar, let me check the invoice.');
  await expect(messagesWith(omar.page, 'Hello Omar, let me check the invoice.')).toHaveCount(1);
});
