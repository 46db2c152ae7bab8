import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { accessibleName, getByRole } from '../core/by-role';
import { MessageComposer } from './message-composer';

describe('MessageComposer', () => {
  let fixture: ComponentFixture<MessageComposer>;
  let sent: string[];
  const page = () => fixture.nativeElement as HTMLElement;

  async function render(inputs: { blockedReason?: string | null; hint?: string | null }): Promise<void> {
    fixture = TestBed.createComponent(MessageComposer);
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    fixture.componentInstance.sent.subscribe((body) => sent.push(body));
    await fixture.whenStable();
  }

  function write(text: string): void {
    const field = getByRole<HTMLTextAreaElement>(page(), 'textbox', 'Message');
    field.value = text;
    field.dispatchEvent(new Event('input'));
  }

  beforeEach(() => (sent = []));

  it('sends the trimmed text', async () => {
    await render({});
    write('  Hello  ');
    getByRole(page(), 'button', 'Send').click();
    expect(sent).toEqual(['Hello']);
  });

  it('is disabled and described by the reason while the person may not write', async () => {
    await render({ blockedReason: 'This conversation is resolved.' });
    const field = getByRole<HTMLTextAreaElement>(page(), 'textbox', 'Message');
    expect(field.disabled).toBe(true);
    expect(getByRole<HTMLButtonElement>(page(), 'button', 'Send').disabled).toBe(true);
    const description = page().querySelector(`#${field.getAttribute('aria-describedby')}`);
    expect(description?.textContent?.trim()).toBe('This conversation is resolved.');
  });

  it('stays enabled with a hint when writing has a consequence (reopening)', async () => {
    await render({ hint: 'Writing again reopens it.' });
    const field = getByRole<HTMLTextAreaElement>(page(), 'textbox', 'Message');
    expect(field.disabled).toBe(false);
    expect(accessibleName(field)).toBe('Message');
    expect(page().querySelector(`#${field.getAttribute('aria-describedby')}`)?.textContent?.trim()).toBe('Writing again reopens it.');
  });
});
