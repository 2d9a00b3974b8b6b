// Route editor: drag a trunk to change the failover order. The list's hidden fields move
// with their rows, so Save posts the order shown; the up/down buttons (which work without
// JavaScript) are renumbered to match. Listens on the document: the form arrives by htmx.
let dragged = null;

function trunkItem(target) {
  return target instanceof Element ? target.closest('ol.trunk-list > li') : null;
}

document.addEventListener('dragstart', (event) => {
  const item = trunkItem(event.target);
  if (!item) return;
  dragged = item;
  item.classList.add('dragging');
  if (event.dataTransfer) {
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', item.querySelector('.trunk-name')?.textContent ?? '');
  }
});

document.addEventListener('dragover', (event) => {
  const over = trunkItem(event.target);
  if (!dragged || !over || over.parentElement !== dragged.parentElement) return;
  event.preventDefault();
  if (over === dragged) return;
  const box = over.getBoundingClientRect();
  const after = event.clientY > box.top + box.height / 2;
  over.parentElement.insertBefore(dragged, after ? over.nextSibling : over);
});

document.addEventListener('drop', (event) => {
  if (dragged) event.preventDefault();
});

document.addEventListener('dragend', () => {
  if (!dragged) return;
  const list = dragged.parentElement;
  dragged.classList.remove('dragging');
  dragged = null;
  renumber(list);
});

function renumber(list) {
  const items = Array.from(list.children);
  items.forEach((item, index) => {
    const n = index + 1;
    const position = item.querySelector('.trunk-position');
    if (position) position.textContent = `${n}.`;
    for (const button of item.querySelectorAll('button[name="move"]')) {
      const action = button.value.split(':')[0];
      button.value = `${action}:${n}`;
      if (action === 'up') button.disabled = n === 1;
      if (action === 'down') button.disabled = n === items.length;
    }
  });
}
