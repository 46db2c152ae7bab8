import type { Browser, BrowserContext, Page } from 'playwright-core';
import { benchAgent, type BenchServer } from './call-bench-server.js';

/** One customer and one agent in their own browser contexts, in one taken conversation. */
export interface CallParties {
  readonly customer: Page;
  readonly agent: Page;
}

export interface AppCallTiming {
  /** From PeerLink's first offer mark to its ICE-connected mark, on the side that sent that offer. */
  readonly offerToConnectedMs: number;
  /** Of which: from that offer to the answer applied on the same side (the bench's `bench:answer` mark). */
  readonly offerToAnswerMs: number;
  /** From the click on "Accept call" to the first frame of "Video of NAME" on the accepting page. */
  readonly acceptToFrameMs: number;
  /** Whose tab sent the offer: the caller's (agent) or the accepting one's (customer), by device ids. */
  readonly offerer: 'customer' | 'agent';
}

const stepTimeoutMs = 20_000;

function button(page: Page, name: string) {
  return page.getByRole('button', { name, exact: true });
}

/** A new customer opens a request through the web app and the benchmark's agent takes it. */
export async function callParties(
  browser: Browser,
  server: BenchServer,
  prepare: (context: BrowserContext) => Promise<void>,
): Promise<CallParties> {
  const pages: Page[] = [];
  for (let i = 0; i < 2; i += 1) {
    const context = await browser.newContext({ baseURL: server.origin });
    await prepare(context);
    pages.push(await context.newPage());
  }
  const [customer, agent] = pages as [Page, Page];
  for (const page of [customer, agent]) page.setDefaultTimeout(stepTimeoutMs);
  const tag = Date.now().toString(36);
  const subject = `Call-setup benchmark ${tag}`;

  await customer.goto('/register');
  await customer.getByLabel('Display name', { exact: true }).fill(`Bench Customer ${tag}`);
  await customer.getByLabel('Email', { exact: true }).fill(`bench-${tag}@customer.example.com`);
  await customer.getByLabel('Password', { exact: true }).fill(`pw-bench-${tag}`);
  await button(customer, 'Create account').click();
  await customer.waitForURL(/\/conversations$/);
  await button(customer, 'New support request').click();
  await customer.getByLabel('Subject', { exact: true }).fill(subject);
  await customer.getByRole('combobox', { name: 'Topic', exact: true }).selectOption({ label: 'Reservation' });
  await button(customer, 'Open request').click();
  await customer.waitForURL(/\/conversations\/(?!new$)[^/?#]+$/);

  await agent.goto('/login');
  await agent.getByLabel('Email', { exact: true }).fill(benchAgent.email);
  await agent.getByLabel('Password', { exact: true }).fill(benchAgent.password);
  await button(agent, 'Log in').click();
  await agent.waitForURL(/\/queue$/);
  await agent.getByRole('list', { name: 'Waiting customers', exact: true }).getByRole('listitem').filter({ hasText: subject }).getByRole('button', { name: 'Take', exact: true }).click();
  await agent.waitForURL(/\/conversations\/[^/?#]+$/);
  await customer.getByText(benchAgent.displayName).first().waitFor();
  await button(agent, 'Start video call').waitFor();
  return { customer, agent };
}

/** `count` calls, one after the other: the agent calls, the customer accepts, both see frames, hang up. */
export async function appCallTimings({ customer, agent }: CallParties, count: number): Promise<AppCallTiming[]> {
  const timings: AppCallTiming[] = [];
  for (let i = 0; i < count; i += 1) {
    for (const page of [customer, agent]) await page.evaluate(() => performance.clearMarks());
    await customer.evaluate(watchAcceptToFirstFrame, `Video of ${benchAgent.displayName}`);

    await button(agent, 'Start video call').click();
    await customer.getByRole('alertdialog').waitFor();
    await button(customer, 'Accept call').click();
    await customer.waitForFunction(() => (window as unknown as BenchWindow).benchCall?.frameAt != null, undefined, { timeout: stepTimeoutMs, polling: 50 });
    const acceptToFrameMs = await customer.evaluate(() => {
      const { acceptAt, frameAt } = (window as unknown as BenchWindow).benchCall!;
      return frameAt! - acceptAt!;
    });
    const { offerToConnectedMs, offerToAnswerMs, offerer } = await offerToConnected({ customer, agent });
    timings.push({ offerToConnectedMs, offerToAnswerMs, acceptToFrameMs, offerer });

    await button(agent, 'Hang up').click();
    for (const page of [agent, customer]) await button(page, 'Start video call').waitFor();
  }
  return timings;
}

interface BenchWindow {
  benchCall?: { acceptAt: number | null; frameAt: number | null };
}

/**
 * Runs in the customer's page. The click is timed by a capturing listener (the moment the page gets it);
 * the first frame by requestVideoFrameCallback on whichever "Video of NAME" element shows the call, found
 * by a MutationObserver as Angular renders it (no polling loop: an animation-frame loop would keep the
 * page producing frames during the very negotiation it measures).
 */
function watchAcceptToFirstFrame(label: string): void {
  const state: NonNullable<BenchWindow['benchCall']> = { acceptAt: null, frameAt: null };
  (window as unknown as BenchWindow).benchCall = state;
  const timeAccept = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target.closest('button') : null;
    if (target?.textContent?.trim() !== 'Accept call') return;
    state.acceptAt = performance.now();
    document.removeEventListener('click', timeAccept, true);
  };
  document.addEventListener('click', timeAccept, true);
  const hooked = new WeakSet<HTMLVideoElement>();
  const hook = () => {
    const video = document.querySelector<HTMLVideoElement>(`video[aria-label="${CSS.escape(label)}"]`);
    if (!video || hooked.has(video)) return;
    hooked.add(video);
    const frame = () => {
      if (state.acceptAt === null) {
        video.requestVideoFrameCallback(frame);
        return;
      }
      state.frameAt ??= performance.now();
      observer.disconnect();
    };
    video.requestVideoFrameCallback(frame);
  };
  const observer = new MutationObserver(hook);
  observer.observe(document.body, { childList: true, subtree: true });
  setTimeout(() => observer.disconnect(), 30_000);
  hook();
}

/** Reads PeerLink's marks on both pages; the side with the earlier first offer is the one that opened. */
async function offerToConnected(pages: Readonly<Record<AppCallTiming['offerer'], Page>>): Promise<Pick<AppCallTiming, 'offerToConnectedMs' | 'offerToAnswerMs' | 'offerer'>> {
  const deadline = Date.now() + stepTimeoutMs;
  while (Date.now() < deadline) {
    const sides = await Promise.all(
      (Object.entries(pages) as [AppCallTiming['offerer'], Page][]).map(async ([who, page]) => ({
        who,
        ...(await page.evaluate(() => {
          const first = (prefix: string) => performance.getEntriesByType('mark').find((mark) => mark.name.startsWith(prefix))?.startTime ?? null;
          return {
            origin: performance.timeOrigin,
            offer: first('ycyw:offer:'),
            answer: first('bench:answer'),
            connected: first('ycyw:ice-connected:'),
          };
        })),
      })),
    );
    const offering = sides
      .filter((side) => side.offer !== null)
      .sort((a, b) => a.origin + a.offer! - (b.origin + b.offer!))[0];
    if (offering?.connected != null && offering.answer !== null) {
      return { offerToConnectedMs: offering.connected - offering.offer!, offerToAnswerMs: offering.answer - offering.offer!, offerer: offering.who };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no ycyw:offer / ycyw:ice-connected marks: is the web app built with PeerLink\'s timing marks?');
}
