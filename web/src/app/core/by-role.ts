/**
 * Unit-test helpers that find elements the way a person using assistive technology does, by role and
 * accessible name (the same way the e2e tests drive the app): a simplified accessible-name computation
 * (aria-labelledby, aria-label, <label>, alt, then text without aria-hidden parts), enough for our markup.
 */
export type Role =
  | 'button'
  | 'checkbox'
  | 'combobox'
  | 'form'
  | 'group'
  | 'img'
  | 'link'
  | 'list'
  | 'listitem'
  | 'option'
  | 'radio'
  | 'radiogroup'
  | 'region'
  | 'status'
  | 'alert'
  | 'textbox';

const implicitRoles: Record<Role, string> = {
  button: 'button, input[type=submit], input[type=button]',
  checkbox: 'input[type=checkbox]',
  combobox: 'select',
  form: 'form[aria-label], form[aria-labelledby]',
  group: 'fieldset',
  img: 'img[alt]:not([alt=""])',
  link: 'a[href]',
  list: 'ul, ol',
  listitem: 'li',
  option: 'option',
  radio: 'input[type=radio]',
  radiogroup: '',
  region: 'section[aria-label], section[aria-labelledby]',
  status: 'output',
  alert: '',
  textbox: 'textarea, input:not([type]), input[type=text], input[type=email], input[type=search]',
};

function roleSelector(role: Role): string {
  const implicit = implicitRoles[role];
  return implicit ? `[role=${role}], ${implicit}` : `[role=${role}]`;
}

/** Text as announced: aria-hidden parts left out, white space collapsed. */
export function announcedText(node: Node): string {
  const parts: string[] = [];
  const walk = (current: Node) => {
    if (current.nodeType === Node.TEXT_NODE) parts.push(current.textContent ?? '');
    if (current.nodeType !== Node.ELEMENT_NODE) return;
    const element = current as Element;
    if (element.getAttribute('aria-hidden') === 'true') return;
    if (element instanceof HTMLImageElement) parts.push(element.alt);
    current.childNodes.forEach(walk);
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

export function accessibleName(element: Element): string {
  const document = element.ownerDocument;
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    return labelledBy
      .split(/\s+/)
      .map((id) => document.getElementById(id))
      .map((label) => (label ? announcedText(label) : ''))
      .join(' ')
      .trim();
  }
  const label = element.getAttribute('aria-label');
  if (label) return label.trim();
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) {
    const labels = element.labels ? [...element.labels] : [];
    if (labels.length > 0) return labels.map(announcedText).join(' ').trim();
    return element instanceof HTMLInputElement && element.type === 'submit' ? element.value : '';
  }
  if (element instanceof HTMLImageElement) return element.alt;
  if (element.matches('fieldset')) {
    const legend = element.querySelector(':scope > legend');
    return legend ? announcedText(legend) : '';
  }
  return announcedText(element);
}

function matches(name: string, wanted: string | RegExp | undefined): boolean {
  if (wanted === undefined) return true;
  return typeof wanted === 'string' ? name === wanted : wanted.test(name);
}

export function queryAllByRole(root: ParentNode, role: Role, name?: string | RegExp): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(roleSelector(role))].filter((element) => matches(accessibleName(element), name));
}

export function queryByRole(root: ParentNode, role: Role, name?: string | RegExp): HTMLElement | null {
  return queryAllByRole(root, role, name)[0] ?? null;
}

/** The one element with this role and name; throws with what was there when there is none. */
export function getByRole<T extends HTMLElement = HTMLElement>(root: ParentNode, role: Role, name?: string | RegExp): T {
  const found = queryAllByRole(root, role, name);
  if (found.length === 1) return found[0] as T;
  const present = queryAllByRole(root, role).map((element) => JSON.stringify(accessibleName(element)));
  throw new Error(
    `${found.length} ${role} named ${String(name)} (there ${present.length === 1 ? 'is' : 'are'}: ${present.join(', ') || 'none'})`,
  );
}

/** The one form control labelled so, whatever its role (a file input has none): like Playwright's getByLabel. */
export function getByLabel<T extends HTMLElement = HTMLElement>(root: ParentNode, label: string): T {
  const found = [...root.querySelectorAll<HTMLElement>('input, select, textarea')].filter((control) => accessibleName(control) === label);
  if (found.length !== 1) throw new Error(`${found.length} controls labelled ${JSON.stringify(label)}`);
  return found[0] as T;
}
