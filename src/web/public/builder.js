// The handout builder: add blocks from the library, set their values, reorder them (buttons or
// drag and drop), write a note; the draft saves itself and the preview follows.
(function () {
  const root = document.getElementById('builder');
  if (!root) return;
  const id = root.dataset.handoutId;
  const csrf = root.dataset.csrf;
  const $ = (sel) => document.getElementById(sel);
  const els = {
    title: $('title'),
    note: $('note'),
    noteCount: $('note-count'),
    followUp: $('follow-up'),
    startDate: $('start-date'),
    language: $('language'),
    reviewAfter: $('review-after'),
    reviewAfterError: $('review-after-error'),
    list: $('block-list'),
    empty: $('no-blocks'),
    results: $('lib-results'),
    search: $('lib-search'),
    status: $('status'),
    problems: $('problems'),
    preview: $('preview'),
    facts: $('preview-facts'),
    save: $('save'),
    publish: $('publish'),
    panel: $('publish-panel'),
  };
  const state = {
    revision: Number(root.dataset.revision),
    blocks: [],
    info: new Map(),
    category: '',
    dirty: false,
    saving: null,
    conflict: false,
  };
  let saveTimer;
  let searchTimer;

  const api = async (method, url, body) => {
    const res = await fetch(url, {
      method,
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': csrf,
        Accept: 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    return { status: res.status, data };
  };
  // Times as every page shows them: the clinic's time zone, one format ("1 Dec 2026, 06:47 GMT").
  const timeZone = root.dataset.timeZone || 'UTC';
  const format = (options) => new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
  const CLOCK = format({ hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const DATE_TIME = format({
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const DATE = format({ day: 'numeric', month: 'short', year: 'numeric' });
  const time = () => CLOCK.format(new Date());
  const setStatus = (text, kind) => {
    els.status.textContent = text;
    els.status.className = `status ${kind || ''}`;
  };
  const showProblems = (list) => {
    els.problems.replaceChildren(
      ...(list || []).map((text) =>
        Object.assign(document.createElement('li'), { textContent: text }),
      ),
    );
  };

  // ---- values and their bounds -------------------------------------------------------------
  function describeBounds(spec) {
    if (spec.type === 'integer' || spec.type === 'decimal')
      return `${spec.unit ? spec.unit + ', ' : ''}${spec.min} to ${spec.max}`;
    if (spec.type === 'text') return `up to ${spec.maxLength} characters`;
    if (spec.type === 'choice') return spec.options.join(', ');
    return 'a date';
  }
  function problemOf(spec, raw) {
    if (raw === '' || raw === undefined)
      return spec.required && spec.default === undefined ? 'Required' : '';
    if (spec.type === 'integer' || spec.type === 'decimal') {
      const n = Number(raw);
      if (!Number.isFinite(n)) return 'Enter a number';
      if (spec.type === 'integer' && !Number.isInteger(n)) return 'Enter a whole number';
      if (n < spec.min || n > spec.max) return `Must be between ${spec.min} and ${spec.max}`;
    }
    if (spec.type === 'text' && raw.length > spec.maxLength)
      return `At most ${spec.maxLength} characters`;
    return '';
  }
  function valueOf(spec, raw) {
    if (raw === '') return undefined;
    return spec.type === 'integer' || spec.type === 'decimal' ? Number(raw) : raw;
  }

  // ---- the middle column --------------------------------------------------------------------
  function renderBlocks(focusKey, focusAction) {
    els.list.replaceChildren(...state.blocks.map((block, index) => blockCard(block, index)));
    els.empty.hidden = state.blocks.length > 0;
    if (focusKey) {
      const card = els.list.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
      const target =
        card &&
        (card.querySelector(`[data-action="${focusAction}"]:not([disabled])`) ||
          card.querySelector('button'));
      if (target) target.focus();
    }
  }

  function blockCard(block, index) {
    const info = state.info.get(block.key) || { title: block.key, category: '', parameters: [] };
    // A value for a setting the block's current version no longer has (the follow-up block's
    // own date became the handout's follow-up date) would be refused at the next save: drop it.
    if (state.info.has(block.key)) {
      const known = new Set(info.parameters.map((p) => p.name));
      for (const name of Object.keys(block.params)) if (!known.has(name)) delete block.params[name];
    }
    const li = document.createElement('li');
    li.className = 'block-card-edit';
    li.dataset.key = block.key;
    li.draggable = true;
    const head = document.createElement('div');
    head.className = 'block-card-head';
    const handle = Object.assign(document.createElement('span'), {
      className: 'drag-handle',
      textContent: '⠿',
      title: 'Drag to move',
    });
    handle.setAttribute('aria-hidden', 'true');
    const title = Object.assign(document.createElement('span'), {
      className: 'block-card-name',
      textContent: info.title,
    });
    const tools = document.createElement('span');
    tools.className = 'block-tools';
    tools.append(
      tool('↑', `Move ${info.title} up`, 'up', index === 0),
      tool('↓', `Move ${info.title} down`, 'down', index === state.blocks.length - 1),
      tool('✕', `Remove ${info.title}`, 'remove', false),
    );
    head.append(handle, title, tools);
    li.append(head);
    if (info.parameters.length || planLabelOf(info)) {
      const fields = document.createElement('div');
      fields.className = 'param-grid';
      info.parameters.forEach((spec) => fields.append(paramField(block, spec)));
      if (planLabelOf(info)) {
        // The days sit together on a row of their own, after the block's values.
        const days = Object.assign(document.createElement('div'), { className: 'param-days' });
        DAY_FIELDS.forEach((spec) => days.append(dayField(block, spec)));
        fields.append(days);
      }
      li.append(fields);
    }
    return li;
  }

  // A block with a line in the day-by-day plan can be limited to some of its days.
  const planLabelOf = (info) =>
    info.planLabel ?? (/\[\[plan[^:\]]*:\s*([^|\]]*?)\s*\|/.exec(info.body || '') || [])[1] ?? null;
  const DAY_FIELDS = [
    { name: 'fromDay', label: 'In the plan from day', hint: '1 to 84; empty: day 1' },
    { name: 'toDay', label: 'to day', hint: '1 to 84; empty: to the end' },
  ];
  // Both day fields of a block are checked together, so fixing one clears the other's error.
  function checkDays(block) {
    const inputs = DAY_FIELDS.map((spec) => $(`d-${block.key}-${spec.name}`));
    const values = inputs.map((input) => {
      const raw = input.value.trim();
      const n = Number(raw);
      if (raw === '') return { raw, n: undefined, problem: '' };
      return {
        raw,
        n,
        problem: !Number.isInteger(n) || n < 1 || n > 84 ? 'A whole day from 1 to 84' : '',
      };
    });
    const [from, to] = values;
    if (!from.problem && !to.problem && from.n !== undefined && to.n !== undefined && from.n > to.n)
      to.problem = 'The last day must not be before the first';
    let ok = true;
    values.forEach((value, i) => {
      const input = inputs[i];
      $(`${input.id}-error`).textContent = value.problem;
      input.setAttribute('aria-invalid', value.problem ? 'true' : 'false');
      if (value.problem) ok = false;
      else if (value.n === undefined) delete block[DAY_FIELDS[i].name];
      else block[DAY_FIELDS[i].name] = value.n;
    });
    if (!ok) {
      state.dirty = true;
      setStatus('Not saved: fix the marked values first.', 'warn');
    }
    return ok;
  }

  function dayField(block, spec) {
    const wrap = document.createElement('div');
    wrap.className = 'param';
    const inputId = `d-${block.key}-${spec.name}`;
    const input = Object.assign(document.createElement('input'), {
      id: inputId,
      type: 'number',
      min: 1,
      max: 84,
      step: 1,
      inputMode: 'numeric',
      value: block[spec.name] ?? '',
      placeholder: spec.name === 'fromDay' ? '1' : 'end',
    });
    const label = Object.assign(document.createElement('label'), {
      htmlFor: inputId,
      textContent: spec.label,
    });
    const hint = Object.assign(document.createElement('span'), {
      className: 'hint',
      id: `${inputId}-hint`,
      textContent: spec.hint,
    });
    const error = Object.assign(document.createElement('span'), {
      className: 'field-error',
      id: `${inputId}-error`,
    });
    input.setAttribute('aria-describedby', `${hint.id} ${error.id}`);
    input.addEventListener('input', () => {
      if (checkDays(block)) changed();
    });
    wrap.append(label, input, hint, error);
    return wrap;
  }

  function tool(text, label, action, disabled) {
    const b = Object.assign(document.createElement('button'), {
      type: 'button',
      className: 'icon-button',
      textContent: text,
      disabled,
    });
    b.dataset.action = action;
    b.setAttribute('aria-label', label);
    b.title = label;
    return b;
  }

  function paramField(block, spec) {
    const wrap = document.createElement('div');
    wrap.className = 'param';
    const inputId = `p-${block.key}-${spec.name}`;
    const label = Object.assign(document.createElement('label'), {
      htmlFor: inputId,
      textContent: spec.label,
    });
    let input;
    if (spec.type === 'choice') {
      input = document.createElement('select');
      spec.options.forEach((o) =>
        input.append(Object.assign(document.createElement('option'), { value: o, textContent: o })),
      );
    } else if (spec.type === 'text' && spec.maxLength > 80) {
      input = Object.assign(document.createElement('textarea'), {
        rows: 2,
        maxLength: spec.maxLength,
      });
    } else {
      input = document.createElement('input');
      if (spec.type === 'integer' || spec.type === 'decimal') {
        Object.assign(input, {
          type: 'number',
          min: spec.min,
          max: spec.max,
          step: spec.step || (spec.type === 'integer' ? 1 : 'any'),
          inputMode: 'numeric',
        });
      } else if (spec.type === 'date') {
        input.type = 'date';
        input.className = 'date-input';
      } else Object.assign(input, { type: 'text', maxLength: spec.maxLength });
    }
    input.id = inputId;
    input.dataset.param = spec.name;
    const current =
      block.params[spec.name] !== undefined
        ? block.params[spec.name]
        : spec.default !== undefined
          ? spec.default
          : '';
    input.value = current;
    const hint = Object.assign(document.createElement('span'), {
      className: 'hint',
      id: `${inputId}-hint`,
      textContent: describeBounds(spec),
    });
    const error = Object.assign(document.createElement('span'), {
      className: 'field-error',
      id: `${inputId}-error`,
    });
    input.setAttribute('aria-describedby', `${hint.id} ${error.id}`);
    const onEdit = (event) => {
      // A half-typed date reads as empty: say so instead of dropping it without a word.
      const problem =
        spec.type === 'date' && input.validity.badInput
          ? 'Enter the whole date: day, month and year.'
          : problemOf(spec, input.value);
      error.textContent = problem;
      input.setAttribute('aria-invalid', problem ? 'true' : 'false');
      if (problem) {
        state.dirty = true; // what the page shows is not what is saved
        setStatus('Not saved: fix the marked values first.', 'warn');
      } else {
        const value = valueOf(spec, input.value);
        if (value === undefined) delete block.params[spec.name];
        else block.params[spec.name] = value;
        if (event.type === 'input') changed();
      }
    };
    // A half-typed date fires no input event: check on each key and on leaving the field too.
    ['input', 'keyup', 'blur'].forEach((type) => input.addEventListener(type, onEdit));
    wrap.append(label, input, hint, error);
    return wrap;
  }

  els.list.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const key = button.closest('li').dataset.key;
    const index = state.blocks.findIndex((b) => b.key === key);
    const action = button.dataset.action;
    if (action === 'remove') {
      const [removed] = state.blocks.splice(index, 1);
      // Focus stays in the list (the next block, else the one before), the removal is said
      // once in its own live region, and Undo puts the block back where it was.
      const neighbour = state.blocks[index] || state.blocks[index - 1];
      renderBlocks(neighbour?.key, 'remove');
      if (!neighbour) $('blocks-title').focus();
      offerUndo(removed, index);
      loadLibrary(); // its Add button comes back
    } else {
      const to = action === 'up' ? index - 1 : index + 1;
      if (to < 0 || to >= state.blocks.length) return;
      const [moved] = state.blocks.splice(index, 1);
      state.blocks.splice(to, 0, moved);
      renderBlocks(key, action);
    }
    changed();
  });

  function offerUndo(block, index) {
    const title = (state.info.get(block.key) || {}).title || block.key;
    const bar = $('undo-bar');
    $('undo-text').textContent = `Removed “${title}”.`;
    bar.hidden = false;
    $('undo').onclick = () => {
      state.blocks.splice(Math.min(index, state.blocks.length), 0, block);
      bar.hidden = true;
      renderBlocks(block.key, 'remove');
      $('announce').textContent = `“${title}” is back in the handout.`;
      loadLibrary();
      changed();
    };
    $('announce').textContent = `Removed “${title}”. Undo is next to the list.`;
  }

  // Drag and drop reordering.
  let dragKey = null;
  els.list.addEventListener('dragstart', (e) => {
    const li = e.target.closest('li');
    if (!li) return;
    dragKey = li.dataset.key;
    e.dataTransfer.effectAllowed = 'move';
    li.classList.add('dragging');
  });
  els.list.addEventListener('dragend', (e) => e.target.closest('li')?.classList.remove('dragging'));
  els.list.addEventListener('dragover', (e) => {
    if (dragKey) e.preventDefault();
  });
  els.list.addEventListener('drop', (e) => {
    e.preventDefault();
    const li = e.target.closest('li');
    if (!dragKey || !li || li.dataset.key === dragKey) return;
    const from = state.blocks.findIndex((b) => b.key === dragKey);
    const [moved] = state.blocks.splice(from, 1);
    const to = state.blocks.findIndex((b) => b.key === li.dataset.key);
    const after = e.clientY > li.getBoundingClientRect().top + li.offsetHeight / 2;
    state.blocks.splice(after ? to + 1 : to, 0, moved);
    dragKey = null;
    renderBlocks();
    changed();
  });

  // ---- the library column -------------------------------------------------------------------
  async function loadLibrary() {
    const params = new URLSearchParams({ pageSize: '200', language: els.language.value });
    if (els.search.value.trim()) params.set('q', els.search.value.trim());
    if (state.category) params.set('category', state.category);
    const { status, data } = await api('GET', `/api/blocks?${params}`);
    if (status !== 200) return;
    data.items.forEach((b) => state.info.set(b.key, b));
    els.results.replaceChildren(
      ...data.items.map((b) => {
        const li = document.createElement('li');
        li.className = 'lib-item';
        const inHandout = state.blocks.some((x) => x.key === b.key);
        const text = document.createElement('div');
        text.append(
          Object.assign(document.createElement('strong'), { textContent: b.title }),
          Object.assign(document.createElement('span'), {
            className: 'lib-summary',
            textContent: b.summary,
          }),
          Object.assign(document.createElement('span'), {
            className: 'badge',
            textContent: b.category,
          }),
        );
        const add = Object.assign(document.createElement('button'), {
          type: 'button',
          className: `button small${inHandout ? ' added' : ''}`,
          textContent: inHandout ? '✓ Added' : 'Add',
          disabled: inHandout,
        });
        add.setAttribute('aria-label', `${inHandout ? 'Added' : 'Add'} ${b.title}`);
        add.addEventListener('click', () => {
          state.blocks.push({ key: b.key, params: {} });
          renderBlocks(b.key, 'remove');
          add.textContent = '✓ Added';
          add.classList.add('added');
          add.setAttribute('aria-label', `Added ${b.title}`);
          add.disabled = true;
          changed();
        });
        li.append(text, add);
        return li;
      }),
    );
  }
  els.search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(loadLibrary, 250);
  });
  document.querySelectorAll('.chip[data-category]').forEach((chip) =>
    chip.addEventListener('click', () => {
      document.querySelectorAll('.chip[data-category]').forEach((c) => {
        c.classList.toggle('active', c === chip);
        c.setAttribute('aria-pressed', String(c === chip));
      });
      state.category = chip.dataset.category;
      loadLibrary();
    }),
  );

  // ---- saving, preview and publishing -----------------------------------------------------------
  function changed() {
    state.dirty = true;
    if (state.conflict) return;
    setStatus('Unsaved changes…');
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 800);
  }

  async function save() {
    clearTimeout(saveTimer);
    if (state.saving) return state.saving;
    if (document.querySelector('[aria-invalid="true"]')) {
      setStatus('Not saved: fix the marked values first.', 'warn');
      return false;
    }
    const body = {
      title: els.title.value,
      note: els.note.value,
      followUpDate: els.followUp.value || null,
      startDate: els.startDate.value || null,
      language: els.language.value,
      reviewAfterDays: Number(els.reviewAfter.value),
      blocks: state.blocks,
      revision: state.revision,
    };
    state.saving = api('PUT', `/api/handouts/${id}/draft`, body).then(({ status, data }) => {
      state.saving = null;
      if (status === 200) {
        state.revision = data.revision;
        state.dirty = false;
        setStatus(`Draft saved ${time()}`, 'ok');
        showProblems([]);
        refreshPreview();
        return true;
      }
      if (status === 409) {
        state.conflict = true;
        setStatus(`${data.message} `, 'warn');
        const reload = Object.assign(document.createElement('button'), {
          type: 'button',
          className: 'button small',
          textContent: 'Load the latest version',
        });
        reload.addEventListener('click', () => window.location.reload());
        els.status.append(reload);
        return false;
      }
      setStatus('Not saved: see the problems above the preview.', 'warn');
      showProblems(
        Array.isArray(data?.message)
          ? data.message
          : [data?.message || 'The draft could not be saved.'],
      );
      return false;
    });
    return state.saving;
  }

  // The reading grade comes from the API and the page estimate from the loaded preview, in
  // either order: each is kept and the line is written from both.
  const facts = { grade: '', ease: '', pages: 0 };
  function showFacts() {
    const parts = [];
    if (facts.grade !== '') parts.push(`Reading grade ${facts.grade}`);
    if (facts.ease !== '')
      parts.push(`Reading ease ${facts.ease} (INFLESZ; 65+ reads fairly easy)`);
    if (facts.pages) parts.push(`about ${facts.pages} page${facts.pages > 1 ? 's' : ''} printed`);
    els.facts.textContent = parts.join(' · ');
  }

  async function refreshPreview({ reload = true } = {}) {
    if (reload) els.preview.src = `/handouts/${id}/preview?r=${state.revision}`;
    const { status, data } = await api('GET', `/api/handouts/${id}/preview`);
    if (status === 200) {
      facts.grade = data.readingGrade === null ? '' : String(data.readingGrade);
      facts.ease = data.readingEase === null ? '' : String(data.readingEase);
      showFacts();
      showProblems([...(data.problems || []), ...(data.notices || [])]);
    }
  }
  els.preview.addEventListener('load', () => {
    const doc = els.preview.contentDocument;
    if (!doc || !doc.body) return;
    // A printed A4 page holds about 1,550 CSS pixels of the screen layout 700 pixels wide, with
    // figures at their printed size (measured on "First 72 hours", which prints on 10 pages).
    // The preview is narrower, so it is measured at 700 pixels for a moment (no paint happens
    // in between).
    // Print keeps some things whole (a figure with the steps under it, numbered steps, boxes,
    // tables), which leaves space at the foot of a page: the estimate lays them out the same way.
    const root = doc.documentElement;
    root.style.width = '700px';
    root.classList.add('measure-print');
    facts.pages = estimatePages(doc, 1550);
    root.classList.remove('measure-print');
    root.style.width = '';
    showFacts();
  });

  /**
   * Pages of `pageHeight` pixels, filled in order; a unit kept whole moves to the next page.
   * The day-by-day plan starts a page and runs on by rows, as print lays it out.
   */
  function estimatePages(doc, pageHeight) {
    const whole = (el) =>
      el.matches(
        'figure, ol.steps, .callout, .table-box:not(.plan-table), h2, h3, h4, .doc-note, .doc-followup',
      );
    const units = [];
    const items = doc.querySelectorAll('.doc-main > *:not(.block), .block > *');
    let carry = 0;
    for (const el of items) {
      if (el.matches('.plan-block > :first-child')) units.push({ newPage: true });
      const style = doc.defaultView.getComputedStyle(el);
      const height =
        el.getBoundingClientRect().height +
        parseFloat(style.marginTop || '0') +
        parseFloat(style.marginBottom || '0');
      // Headings and figures travel with what follows them.
      if (el.matches('h2, h3, h4, figure')) {
        carry += height;
        continue;
      }
      units.push({ height: height + carry, whole: whole(el) || carry > 0 });
      carry = 0;
    }
    if (carry) units.push({ height: carry, whole: true });
    let pages = 1;
    let used = 0;
    for (const unit of units) {
      if (unit.newPage) {
        if (used > 0) pages += 1;
        used = 0;
        continue;
      }
      if (used + unit.height <= pageHeight) {
        used += unit.height;
        continue;
      }
      if (unit.whole && unit.height <= pageHeight) {
        pages += 1;
        used = unit.height;
        continue;
      }
      // Text runs on: it fills this page and goes over.
      let rest = unit.height - (pageHeight - used);
      while (rest > pageHeight) {
        pages += 1;
        rest -= pageHeight;
      }
      pages += 1;
      used = rest;
    }
    return Math.max(1, pages);
  }

  async function publish() {
    // Never publish past a value the page has marked invalid: the saved draft would not be
    // what the clinician sees. Say which value, and take them to it.
    const invalid = root.querySelector('[aria-invalid="true"]');
    if (invalid) {
      const label = root.querySelector(`label[for="${invalid.id}"]`);
      const block = invalid.closest('.block-card-edit')?.querySelector('.block-card-name');
      const what = [block?.textContent, label?.textContent].filter(Boolean).join(': ');
      setStatus(
        `Not published: fix ${what ? `“${what.trim()}”` : 'the marked value'} first.`,
        'warn',
      );
      invalid.focus();
      return;
    }
    if (state.dirty && !(await save())) return;
    if (state.saving) await state.saving;
    els.publish.disabled = true;
    const { status, data } = await api('POST', `/api/handouts/${id}/publish`);
    els.publish.disabled = false;
    if (status === 201) {
      setStatus(`Version ${data.number} published ${time()}`, 'ok');
      $('published-number').textContent = data.number;
      $('print-pdf').href = `/api/handouts/${id}/versions/${data.number}/pdf`;
      $('print-bilingual').href = `/api/handouts/${id}/versions/${data.number}/pdf?bilingual=true`;
      $('print-bilingual').hidden = els.language.value === 'en';
      $('view-version').href = `/handouts/${id}/versions/${data.number}`;
      $('share').disabled = false;
      openPanel();
      return;
    }
    setStatus(
      status === 409 ? data.message : 'Not published: see the problems above the preview.',
      'warn',
    );
    if (status === 400) showProblems(Array.isArray(data.message) ? data.message : [data.message]);
  }

  // ---- print and share: the panel after publishing ------------------------------------------
  function openPanel() {
    $('link-result').hidden = true;
    els.panel.showModal();
    loadLinks();
  }

  // Sending the link: a channel the portal cannot send on has no fields (the page says so).
  const CHANNEL_NAMES = { email: 'email', sms: 'text message' };
  const sendFields = [
    ['email', $('send-email'), $('send-email-to')],
    ['phone', $('send-sms'), $('send-sms-to')],
  ].filter(([, box, input]) => box && input);
  const sendingChosen = () => sendFields.some(([, box]) => box.checked);
  const labelIssue = () => {
    $('issue-link').textContent = sendingChosen() ? 'Issue link and send' : 'Issue link';
  };
  for (const [, box, input] of sendFields) {
    box.addEventListener('change', labelIssue);
    // Typing an address means: send to it.
    input.addEventListener('input', () => {
      box.checked = input.value.trim() !== '';
      labelIssue();
    });
  }
  function sendToOf() {
    const sendTo = {};
    for (const [field, box, input] of sendFields)
      if (box.checked && input.value.trim()) sendTo[field] = input.value.trim();
    return Object.keys(sendTo).length ? sendTo : undefined;
  }
  // One line a channel: sent (to the masked address), or why not, with what to do instead.
  function showDelivery(delivery) {
    const list = $('delivery-result');
    list.replaceChildren(
      ...delivery.map((d) => {
        const li = document.createElement('li');
        li.className = d.status === 'sent' ? 'notice' : 'notice warn';
        li.dataset.channel = d.channel;
        li.dataset.status = d.status;
        const how = CHANNEL_NAMES[d.channel] || d.channel;
        li.textContent =
          d.status === 'sent'
            ? d.via === 'outbox'
              ? `Put in the outbox as a ${how} to ${d.to} (this portal does not send for real).`
              : `Sent by ${how} to ${d.to}.`
            : `Not sent by ${how} to ${d.to}: ${d.reason || 'unknown reason'}. The link works: copy it or print it for the patient.`;
        return li;
      }),
    );
    list.hidden = delivery.length === 0;
  }

  // The handout's links: state, dates, last open, and a Revoke button for those still working.
  const STATES = {
    live: 'Live',
    locked: 'Paused after wrong dates of birth',
    expired: 'Expired',
    revoked: 'Revoked',
  };
  const when = (iso) => DATE_TIME.format(new Date(iso));
  async function loadLinks() {
    const { status, data } = await api('GET', `/api/handouts/${id}/links`);
    if (status !== 200) return;
    const items = data.items || [];
    $('links-empty').hidden = items.length > 0;
    $('links-live-note').hidden = !items.some((l) => l.state === 'live' || l.state === 'locked');
    $('link-list').replaceChildren(
      ...items.map((link) => {
        const li = document.createElement('li');
        li.dataset.state = link.state;
        const text = Object.assign(document.createElement('span'), {
          textContent: [
            STATES[link.state] || link.state,
            `made ${when(link.createdAt)}`,
            link.state === 'revoked'
              ? `revoked ${when(link.revokedAt)}`
              : `works until ${when(link.expiresAt)}`,
            link.lastOpenedAt ? `last opened ${when(link.lastOpenedAt)}` : 'not opened yet',
            link.requireDateOfBirth ? 'asks for the date of birth' : '',
            ...(link.deliveries || []).map(
              (d) =>
                `${d.status === 'sent' ? 'sent' : 'not sent'} by ${CHANNEL_NAMES[d.channel] || d.channel} to ${d.to} ${when(d.at)}`,
            ),
          ]
            .filter(Boolean)
            .join(' · '),
        });
        li.append(text);
        if (link.state === 'live' || link.state === 'locked') {
          const revoke = Object.assign(document.createElement('button'), {
            type: 'button',
            className: 'button small subtle',
            textContent: 'Revoke',
          });
          revoke.setAttribute('aria-label', `Revoke the link made ${when(link.createdAt)}`);
          revoke.addEventListener('click', async () => {
            const res = await api('DELETE', `/api/links/${link.id}`);
            if (res.status === 204) {
              setStatus('Link revoked: it stopped working at once.', 'ok');
              await loadLinks();
              $('links-title').focus?.();
            } else setStatus('The link could not be revoked.', 'warn');
          });
          li.append(' ', revoke);
        }
        return li;
      }),
    );
  }
  $('share').addEventListener('click', openPanel);
  $('link-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const days = Number($('link-days').value);
    const sendTo = sendToOf();
    $('issue-link').disabled = true;
    const { status, data } = await api('POST', `/api/handouts/${id}/links`, {
      requireDateOfBirth: $('link-dob').checked,
      ...(days ? { expiresInDays: days } : {}),
      ...(sendTo ? { sendTo } : {}),
    });
    $('issue-link').disabled = false;
    if (status !== 201) {
      setStatus(
        Array.isArray(data?.message)
          ? data.message.join(' ')
          : data?.message || 'The link could not be issued.',
        'warn',
      );
      return;
    }
    $('link-url').value = data.url;
    state.link = {
      id: data.id,
      token: data.url.split('/p/')[1],
      code: data.shortUrl.split('/p/c/')[1],
    };
    $('link-short').textContent = data.shortUrl.replace(/^https?:\/\//, '');
    // The QR code is SVG drawn by our server; it holds no text from a person.
    $('link-qr').innerHTML = data.qrSvg;
    showDelivery(data.delivery || []);
    $('link-result').hidden = false;
    loadLinks();
    $('link-url').focus();
    $('link-url').select();
    const failed = (data.delivery || []).filter((d) => d.status === 'failed');
    setStatus(
      `Link issued; it works until ${DATE.format(new Date(data.expiresAt))}${
        failed.length ? '. Not every message was sent: see the panel.' : ''
      }`,
      failed.length ? 'warn' : 'ok',
    );
  });
  // The printout carries the QR code of the link just issued (its token is known only here).
  $('print-with-qr').addEventListener('click', async () => {
    if (!state.link) return;
    const res = await fetch(`/api/links/${state.link.id}/pdf`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ token: state.link.token, code: state.link.code }),
    });
    if (!res.ok) {
      setStatus('The PDF could not be made. Try again.', 'warn');
      return;
    }
    window.open(URL.createObjectURL(await res.blob()), '_blank', 'noopener');
  });
  $('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('link-url').value);
      $('copy-link').textContent = 'Copied';
    } catch {
      $('link-url').select();
    }
  });

  [els.title, els.note].forEach((el) => el.addEventListener('input', changed));
  // Another language: save at once (the preview follows), and list the blocks written in it.
  els.language.addEventListener('change', async () => {
    state.dirty = true;
    await save();
    await loadLibrary();
    renderBlocks();
  });
  // A date typed only in part fires no input event (its value stays empty): check on each key
  // and on leaving the field too.
  const checkDate = (input, errorId) => (event) => {
    const problem = input.validity.badInput
      ? 'Enter the whole date: day, month and year, or clear it.'
      : '';
    $(errorId).textContent = problem;
    input.setAttribute('aria-invalid', problem ? 'true' : 'false');
    if (!problem && event.type === 'input') changed();
  };
  [
    [els.followUp, 'follow-up-error'],
    [els.startDate, 'start-date-error'],
  ].forEach(([input, errorId]) =>
    ['input', 'keyup', 'blur'].forEach((type) =>
      input.addEventListener(type, checkDate(input, errorId)),
    ),
  );
  els.reviewAfter.addEventListener('input', () => {
    const n = Number(els.reviewAfter.value);
    const problem =
      els.reviewAfter.value.trim() === '' || !Number.isInteger(n) || n < 3 || n > 84
        ? 'Enter a whole number of days from 3 to 84.'
        : '';
    els.reviewAfterError.textContent = problem;
    els.reviewAfter.setAttribute('aria-invalid', problem ? 'true' : 'false');
    if (!problem) changed();
  });
  els.note.addEventListener(
    'input',
    () => (els.noteCount.textContent = `${els.note.value.length} / 2000`),
  );
  els.save.addEventListener('click', save);
  // The handout's blocks and values as a template of the clinic's own, to start from next time.
  $('save-template').addEventListener('click', async () => {
    if (state.dirty && !(await save())) return;
    const name = window.prompt(
      'Name the template. It will be offered under “Start from” on every patient’s page.',
      els.title.value,
    );
    if (!name || !name.trim()) return;
    const { status, data } = await api('POST', `/api/handouts/${id}/save-as-template`, {
      title: name.trim(),
    });
    if (status === 201) setStatus(`Saved as the template “${data.title}”.`, 'ok');
    else
      setStatus(
        Array.isArray(data?.message) ? data.message.join(' ') : data?.message || 'Not saved.',
        'warn',
      );
  });
  els.publish.addEventListener('click', publish);
  window.addEventListener('beforeunload', (e) => {
    if (state.dirty) e.preventDefault();
  });

  (async function start() {
    const { data } = await api('GET', `/api/handouts/${id}`);
    state.blocks = data.draft.blocks.map((b) => ({ ...b, params: { ...b.params } }));
    state.revision = data.draft.revision;
    await loadLibrary();
    const missing = state.blocks.filter((b) => !state.info.has(b.key));
    for (const b of missing) {
      const res = await api('GET', `/api/blocks/${b.key}`);
      if (res.status === 200 && res.data.current)
        state.info.set(b.key, { ...res.data.current, key: b.key });
    }
    renderBlocks();
    els.noteCount.textContent = `${els.note.value.length} / 2000`;
    // The page already loads the preview frame; fetch only its facts and problems.
    refreshPreview({ reload: false });
  })();
})();
