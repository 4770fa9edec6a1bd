// Small DOM helpers: every value reaches the page as text or an attribute, never as markup.

/** Creates an element: h('button', {class: 'primary', onclick: fn}, 'Save'). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value' || key === 'checked') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}

/** Replaces the children of a node. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return node;
}

/** A labelled form field; the input gets an id so the label and any error message point at it. */
export function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const hintEl = hint ? h('small', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl);
}

/** Shows an error (an ApiError's detail or a message) in a form's alert region. */
export function showError(region, error) {
  const fields = error?.fieldErrors ?? [];
  fill(
    region,
    h('p', {}, error?.message ?? String(error)),
    fields.length ? h('ul', {}, fields.map((f) => h('li', {}, typeof f === 'string' ? f : `${f.field}: ${f.message}`))) : null,
  );
  region.hidden = false;
  region.focus();
}

let toastTimer;
/** A short polite announcement at the bottom of the screen. */
export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('shown'), 4000);
}
