// Suggestions under the search box as a person types: the ARIA combobox pattern (a listbox, the active option in
// aria-activedescendant, arrows, Enter and Escape). Without this file the box is a plain field of a GET form.
(function () {
  'use strict';
  var DELAY_MS = 150;

  Array.prototype.forEach.call(document.querySelectorAll('.search input[name="q"]'), enhance);

  function enhance(input) {
    var box = input.parentElement;
    var list = document.createElement('ul');
    list.id = input.id + '-suggestions';
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Подсказки к запросу');
    list.hidden = true;
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    box.classList.add('with-suggestions');
    box.appendChild(list);
    box.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('autocomplete', 'off');

    var items = [];
    var active = -1;
    var timer = 0;
    var asked = '';
    var pending = null;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
      status.textContent = '';
    }

    function open() {
      if (items.length === 0) return close();
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      status.textContent =
        'Подсказок: ' + items.length + '. Выбор — стрелками вверх и вниз, Enter открывает, Escape закрывает.';
    }

    function mark(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      if (index < 0) input.removeAttribute('aria-activedescendant');
      else {
        var option = list.children[index];
        input.setAttribute('aria-activedescendant', option.id);
        if (option.scrollIntoView) option.scrollIntoView({ block: 'nearest' });
      }
    }

    function show(found) {
      items = found;
      list.textContent = '';
      items.forEach(function (item, i) {
        var option = document.createElement('li');
        option.id = list.id + '-' + i;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.dataset.index = String(i);
        var label = document.createElement('span');
        label.className = 'suggestion-label';
        label.textContent = item.label;
        var hint = document.createElement('span');
        hint.className = 'suggestion-hint';
        hint.textContent = item.hint;
        option.appendChild(label);
        option.appendChild(document.createTextNode(' '));
        option.appendChild(hint);
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (document.activeElement === input) open();
    }

    function load() {
      var q = input.value;
      if (q.trim().length < 2) {
        asked = '';
        items = [];
        return close();
      }
      if (q === asked) return open();
      asked = q;
      if (pending && pending.abort) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      fetch('/api/v1/suggest?q=' + encodeURIComponent(q), {
        headers: { accept: 'application/json' },
        signal: pending ? pending.signal : undefined,
      })
        .then(function (res) {
          return res.ok ? res.json() : { items: [] };
        })
        .then(function (body) {
          if (input.value === q) show(body.items || []);
        })
        .catch(function () {
          // Offline or superseded by a newer request: the box still searches as typed.
        });
    }

    function choose(item) {
      if (!item) return;
      close();
      window.location.assign(item.path);
    }

    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DELAY_MS);
    });
    input.addEventListener('keydown', function (event) {
      var shown = !list.hidden;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (!shown) {
          if (items.length > 0 && input.value === asked) open();
          else load();
          return;
        }
        var step = event.key === 'ArrowDown' ? 1 : -1;
        var next = active + step;
        mark(next < -1 ? items.length - 1 : next >= items.length ? -1 : next);
      } else if (event.key === 'Enter') {
        // Without a chosen suggestion Enter searches for what was typed, as the form always did.
        if (shown && active >= 0) {
          event.preventDefault();
          choose(items[active]);
        }
      } else if (event.key === 'Escape') {
        if (shown) {
          event.preventDefault();
          close();
        }
      }
    });
    input.addEventListener('blur', close);
    // A click on an option must not take focus from the box first (the list would close under the pointer).
    list.addEventListener('mousedown', function (event) {
      event.preventDefault();
    });
    list.addEventListener('click', function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) choose(items[Number(option.dataset.index)]);
    });
  }
})();
