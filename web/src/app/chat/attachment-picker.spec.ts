import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { limits, type Message } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { getByLabel, getByRole, queryByRole } from '../core/by-role';
import { RequestError } from '../core/request-error';
import { AttachmentPicker } from './attachment-picker';

describe('AttachmentPicker', () => {
  let fixture: ComponentFixture<AttachmentPicker>;
  let uploads: { conversationId: string; file: File; clientMessageId: string }[];
  let upload: () => Promise<{ message: Message }>;
  let uploaded: Message[];
  const page = () => fixture.nativeElement as HTMLElement;
  const stored = { id: 5, kind: 'file' } as Message;

  /** Picks a file as the browser's chooser would: sets `files`, then fires change. */
  async function pick(file: File): Promise<void> {
    const input = getByLabel<HTMLInputElement>(page(), 'Attach file');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    uploads = [];
    uploaded = [];
    upload = async () => ({ message: stored });
    TestBed.configureTestingModule({
      providers: [
        {
          provide: ApiClient,
          useValue: {
            uploadAttachment: (conversationId: string, file: File, clientMessageId: string) => {
              uploads.push({ conversationId, file, clientMessageId });
              return upload();
            },
          },
        },
      ],
    });
    fixture = TestBed.createComponent(AttachmentPicker);
    fixture.componentRef.setInput('conversationId', 'c1');
    fixture.componentInstance.uploaded.subscribe((message) => uploaded.push(message));
    await fixture.whenStable();
  });

  it('is a file input labelled Attach file that accepts photos and PDF', () => {
    const input = getByLabel<HTMLInputElement>(page(), 'Attach file');
    expect(input.type).toBe('file');
    expect(input.accept).toBe(limits.attachmentContentTypes.join(','));
  });

  it('uploads a photo with a fresh clientMessageId and hands over the stored message', async () => {
    await pick(new File(['jpeg bytes'], 'dent.jpg', { type: 'image/jpeg' }));
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.conversationId).toBe('c1');
    expect(uploads[0]!.file.name).toBe('dent.jpg');
    expect(uploads[0]!.clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(uploaded).toEqual([stored]);
    expect(queryByRole(page(), 'alert')).toBeNull();
  });

  it('refuses a file of another type before uploading it', async () => {
    await pick(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    expect(uploads).toEqual([]);
    expect(getByRole(page(), 'alert').textContent).toContain('notes.txt cannot be sent');
  });

  it('refuses a file over the size limit before uploading it', async () => {
    const big = new File(['x'], 'huge.pdf', { type: 'application/pdf' });
    Object.defineProperty(big, 'size', { value: limits.attachmentMaxBytes + 1 });
    await pick(big);
    expect(uploads).toEqual([]);
    expect(getByRole(page(), 'alert').textContent).toContain('huge.pdf is too large');
  });

  it("shows the server's refusals: too large (413) and not a real photo (415)", async () => {
    upload = async () => {
      throw new RequestError('payload_too_large', 'too large', 413);
    };
    await pick(new File(['x'], 'dent.png', { type: 'image/png' }));
    expect(getByRole(page(), 'alert').textContent).toContain('dent.png is larger than the server accepts.');

    upload = async () => {
      throw new RequestError('unsupported_media_type', 'not an image', 415);
    };
    await pick(new File(['x'], 'fake.png', { type: 'image/png' }));
    expect(getByRole(page(), 'alert').textContent).toContain('Only photos (JPEG, PNG, GIF, WebP) and PDF documents can be sent.');
    expect(uploaded).toEqual([]);
  });
});
