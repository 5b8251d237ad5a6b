// Live preview for the block editor: checks the text as the editor types and shows the
// rendered block, the reading grade and any problems. The page works without it.
(function () {
  const form = document.getElementById('block-editor');
  if (!form) return;
  const source = form.querySelector('textarea');
  const preview = document.getElementById('live-preview');
  const grade = document.getElementById('live-grade');
  const problems = document.getElementById('live-problems');
  let timer;
  let latest = 0;

  async function refresh() {
    const ticket = ++latest;
    const res = await fetch(form.dataset.previewUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': form.dataset.csrf },
      body: JSON.stringify({ source: source.value }),
    });
    if (ticket !== latest || !res.ok) return;
    const result = await res.json();
    problems.replaceChildren(
      ...result.problems.map((text) => {
        const li = document.createElement('li');
        li.textContent = text;
        return li;
      }),
    );
    if (result.readability) {
      const value = result.readability.fleschKincaidGrade;
      grade.textContent = `Flesch-Kincaid grade ${value}${value > 8 ? ': above grade 8, simplify.' : ''}`;
      grade.classList.toggle('grade-warn', value > 8);
      // The server renders with escaped templates; this is our own same-origin HTML.
      preview.innerHTML = result.html;
    }
  }

  source.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  });
})();
