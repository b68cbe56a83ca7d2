/**
 * The key sign-up page in the browser: shows the form (it needs JavaScript, since the API
 * takes JSON), posts it with fetch, marks the fields the API names in a 400, and shows the key
 * once with a copy button. Text is set with `textContent`, never as HTML.
 */

/** The UI strings the script needs, passed from the page's i18n files. */
type Strings = {
  sending: string;
  failed: string;
  network: string;
  fieldErrors: string;
  copied: string;
  copyFailed: string;
};

type Problem = { code: string; message: string; field?: string };
type Answer =
  | { ok: true; data: { id: string; key: string } }
  | { ok: false; status: number; error: string; errors: Problem[] };

/** Wires the sign-up form inside `root`. */
export function startKeySignup(root: HTMLElement): void {
  const strings = JSON.parse(root.dataset.strings ?? '{}') as Strings;
  const form = root.querySelector<HTMLFormElement>('[data-form]')!;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const result = root.querySelector<HTMLElement>('[data-result]')!;
  const secret = result.querySelector<HTMLInputElement>('[data-secret]')!;
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  form.hidden = false;

  const clearErrors = () => {
    for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      slot.textContent = '';
      const input = form.elements.namedItem(slot.dataset.errorFor!);
      if (input instanceof HTMLElement) input.removeAttribute('aria-invalid');
    }
  };

  /** Shows each problem under its field; returns the first field marked, to focus. */
  const showErrors = (problems: Problem[]): HTMLElement | undefined => {
    let first: HTMLElement | undefined;
    for (const problem of problems) {
      const slot = problem.field
        ? form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(problem.field)}"]`)
        : null;
      const input = problem.field ? form.elements.namedItem(problem.field) : null;
      if (!slot || !(input instanceof HTMLElement)) continue;
      slot.textContent = problem.message;
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
    return first;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const data = new FormData(form);
    const body: Record<string, string> = {};
    for (const name of ['name', 'email', 'purpose']) {
      const value = String(data.get(name) ?? '').trim();
      if (value || name !== 'purpose') body[name] = value;
    }
    submit.disabled = true;
    status.textContent = strings.sending;
    try {
      const response = await fetch('/api/v1/keys', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as Answer;
      if (answer.ok) {
        showKey(answer.data);
        return;
      }
      const field = showErrors(answer.errors);
      status.textContent = field ? strings.fieldErrors : `${strings.failed} ${answer.error}`;
      field?.focus();
    } catch {
      status.textContent = strings.network;
    } finally {
      submit.disabled = false;
    }
  });

  const showKey = (created: { id: string; key: string }) => {
    form.reset();
    form.hidden = true;
    status.textContent = '';
    secret.value = created.key;
    result.querySelector('[data-id]')!.textContent = created.id;
    const tryIt = result.querySelector('[data-try]')!;
    tryIt.textContent = (tryIt.textContent ?? '').replace(
      'X-API-Key: …',
      `X-API-Key: ${created.key}`,
    );
    result.hidden = false;
    result.querySelector<HTMLElement>('h2')!.focus();
  };

  result.querySelector('[data-copy]')!.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(secret.value);
      status.textContent = strings.copied;
    } catch {
      // Without clipboard access (an insecure origin, a denied permission) the key is
      // selected, ready for Ctrl-C.
      secret.focus();
      secret.select();
      status.textContent = strings.copyFailed;
    }
  });
}
