import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { Attachment } from '@ycyw/protocol';
import { getByRole, queryByRole } from '../core/by-role';
import { AttachmentPreview } from './attachment-preview';

describe('AttachmentPreview', () => {
  let fixture: ComponentFixture<AttachmentPreview>;
  const page = () => fixture.nativeElement as HTMLElement;

  async function render(attachment: Attachment): Promise<void> {
    fixture = TestBed.createComponent(AttachmentPreview);
    fixture.componentRef.setInput('attachment', attachment);
    await fixture.whenStable();
  }

  it('previews a photo, described by its file name', async () => {
    await render({ id: 'f1', fileName: 'dent.jpg', contentType: 'image/jpeg', sizeBytes: 184_220, url: '/api/attachments/f1' });
    const image = getByRole<HTMLImageElement>(page(), 'img', 'dent.jpg');
    expect(image.getAttribute('src')).toBe('/api/attachments/f1');
  });

  it('offers a PDF as a download link with its size', async () => {
    await render({ id: 'f2', fileName: 'contract.pdf', contentType: 'application/pdf', sizeBytes: 2_400_000, url: '/api/attachments/f2' });
    const link = getByRole<HTMLAnchorElement>(page(), 'link', 'contract.pdf');
    expect(link.getAttribute('href')).toBe('/api/attachments/f2');
    expect(link.hasAttribute('download')).toBe(true);
    expect(page().textContent).toContain('2.3 MB');
    expect(queryByRole(page(), 'img')).toBeNull();
  });
});
