import { limits } from '@ycyw/protocol';
import { attachmentAccept, attachmentProblem } from './attachment-check';

describe('attachmentProblem', () => {
  const file = (name: string, type: string, size: number) => ({ name, type, size });

  it('accepts photos and PDF documents up to the limit', () => {
    expect(attachmentProblem(file('dent.jpg', 'image/jpeg', 184_220))).toBeNull();
    expect(attachmentProblem(file('dent.webp', 'image/webp', 1))).toBeNull();
    expect(attachmentProblem(file('contract.pdf', 'application/pdf', limits.attachmentMaxBytes))).toBeNull();
  });

  it('refuses a file over the size limit, naming it and the limit', () => {
    expect(attachmentProblem(file('video.png', 'image/png', limits.attachmentMaxBytes + 1))).toBe(
      'video.png is too large: a file can be at most 10 MB.',
    );
    expect(attachmentProblem(file('scan.pdf', 'application/pdf', 2048), 1024)).toBe(
      'scan.pdf is too large: a file can be at most 1 KB.',
    );
  });

  it('refuses other types, whatever their size', () => {
    expect(attachmentProblem(file('notes.txt', 'text/plain', 10))).toMatch(/^notes\.txt cannot be sent/);
    expect(attachmentProblem(file('drawing.svg', 'image/svg+xml', 10))).toMatch(/cannot be sent/);
    expect(attachmentProblem(file('unknown', '', 10))).toMatch(/cannot be sent/);
  });

  it('refuses an empty file', () => {
    expect(attachmentProblem(file('empty.png', 'image/png', 0))).toBe('empty.png is empty.');
  });

  it("offers the file chooser exactly the protocol's types", () => {
    expect(attachmentAccept.split(',')).toEqual([...limits.attachmentContentTypes]);
  });
});
