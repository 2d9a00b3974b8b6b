// Dashboard behaviour on top of htmx: where focus goes after a swap, and the inline editor
// (#editor) as a place in the browser history. Every page works without this file.

const editor = () => document.getElementById('editor');

/** The inline editor's history entry: the URL it was opened from, and what opened it. */
let opened = null;
/** The next popstate is our own history.back() and must not make htmx reload the page. */
let ownPop = false;

function focusFirstInvalid(root) {
  const field = root.querySelector('[aria-invalid="true"]');
  if (field) field.focus();
  return field !== null;
}

function focusFlash() {
  const flash = document.querySelector('#flash .flash');
  if (!flash) return;
  flash.tabIndex = -1;
  flash.focus();
}

/** Empties the editor; the URL goes back to the list's, focus back to what opened it. */
function closeEditor(goBack) {
  const box = editor();
  if (!box || box.childElementCount === 0) return;
  box.replaceChildren();
  const entry = opened;
  opened = null;
  if (goBack && entry && entry.pushed && location.href !== entry.returnUrl) {
    ownPop = true;
    history.back();
  }
  const opener = entry && entry.opener && entry.opener.isConnected ? entry.opener : document.querySelector('main h1');
  if (opener) {
    if (opener.tagName === 'H1') opener.tabIndex = -1;
    opener.focus();
  }
}

document.addEventListener('htmx:beforeRequest', (event) => {
  const { elt, target } = event.detail;
  const box = editor();
  if (box && target === box && !box.contains(elt)) opened = { opener: elt, returnUrl: location.href, pushed: false };
});

document.addEventListener('htmx:pushedIntoHistory', () => {
  if (opened) opened.pushed = true;
});

// Capturing listeners on window run before htmx's own popstate handler, which would
// otherwise fetch the whole page again.
window.addEventListener(
  'popstate',
  (event) => {
    if (ownPop) {
      ownPop = false;
      event.stopImmediatePropagation();
      return;
    }
    if (opened && opened.pushed && location.href === opened.returnUrl) {
      event.stopImmediatePropagation();
      opened.pushed = false;
      closeEditor(false);
    }
  },
  true,
);

document.addEventListener('keydown', (event) => {
  const box = editor();
  if (event.key === 'Escape' && box && box.contains(document.activeElement)) {
    event.preventDefault();
    closeEditor(true);
  }
});

document.addEventListener('click', (event) => {
  const cancel = event.target instanceof Element ? event.target.closest('[data-cancel]') : null;
  const box = editor();
  if (!cancel || !box || !box.contains(cancel) || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  closeEditor(true);
});

// A form refused with field errors replaces any earlier "… saved" message.
document.addEventListener('htmx:beforeSwap', (event) => {
  const flash = document.getElementById('flash');
  if (event.detail.xhr.status === 422 && flash && event.detail.target !== flash) flash.replaceChildren();
});

// The trunk order buttons: the one pressed keeps focus in the form that comes back (or
// its twin, when the trunk reached the end of the list).
let pressedMove = null;
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[name="move"]') : null;
  pressedMove = button ? { label: button.getAttribute('aria-label'), value: button.value } : null;
});

function refocusMove(root) {
  const pressed = pressedMove;
  pressedMove = null;
  if (!pressed) return false;
  if (pressed.value === 'add' || pressed.value.startsWith('remove:')) {
    const add = root.querySelector('#route-addTrunk') || root.querySelector('ol.trunk-list button:not([disabled])');
    if (add) add.focus();
    return add !== null;
  }
  const same = [...root.querySelectorAll('button[name="move"]')].find((button) => button.getAttribute('aria-label') === pressed.label);
  if (!same) return false;
  const target = same.disabled ? same.parentElement.querySelector('button[name="move"]:not([disabled])') : same;
  if (target) target.focus();
  return target !== null;
}

document.addEventListener('htmx:afterSettle', (event) => {
  const { target, xhr } = event.detail;
  if (!(target instanceof Element)) return;
  const box = editor();
  if (box && target === box && box.childElementCount === 0) {
    // A save closed the editor: its answer is the flash.
    if (opened && opened.pushed) {
      const entry = opened;
      opened = null;
      if (location.href !== entry.returnUrl) {
        ownPop = true;
        history.back();
      }
    }
    focusFlash();
    return;
  }
  if (refocusMove(target)) return;
  if (xhr && xhr.status === 422) focusFirstInvalid(target);
});

// A form that comes back with errors on a full page load: the first wrong field, not the first field.
document.addEventListener('DOMContentLoaded', () => focusFirstInvalid(document));
