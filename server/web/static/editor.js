// Enhances the practice editor and the new-practice form, which work without this file: a filter box over long
// lists of terms, organisation suggestions as one types, the Markdown toolbar and an instant preview.
// Autosave and conflicts are autosave.js.
(function () {
  'use strict';
  var form = document.getElementById('editor') || document.getElementById('new-practice');
  if (!form) return;
  var layout = form.querySelector('.editor-layout');
  var csrfField = form.querySelector('input[name="_csrf"]');
  var csrf = csrfField ? csrfField.value : '';

  var fold = function (s) {
    return String(s).toLowerCase().replace(/ё/g, 'е').trim();
  };
  var each = function (list, fn) {
    Array.prototype.forEach.call(list, fn);
  };

  // Long vocabularies: a filter box above the checkboxes hides the terms that do not match (label or synonym).
  each(form.querySelectorAll('fieldset[data-picker]'), function (fieldset) {
    var box = fieldset.querySelector('.picker-filter');
    var input = box.querySelector('input');
    var count = box.querySelector('.picker-count');
    box.hidden = false;
    input.addEventListener('input', function () {
      var q = fold(input.value);
      var shown = 0;
      each(fieldset.querySelectorAll('li[data-search]'), function (li) {
        var match = !q || li.getAttribute('data-search').indexOf(q) !== -1;
        li.hidden = !match;
        if (match) shown += 1;
      });
      each(fieldset.querySelectorAll('.picker-group'), function (group) {
        group.hidden = !group.querySelector('li[data-search]:not([hidden])');
      });
      count.textContent = !q ? '' : shown === 0 ? 'Ничего не найдено' : 'Найдено: ' + shown;
    });
    // Enter in the filter must not submit the whole form.
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') event.preventDefault();
    });
  });

  // The organisation: suggestions from the directory while typing; the chosen one stays first in the list.
  var orgq = form.querySelector('#orgq');
  var results = form.querySelector('#org-results');
  var orgStatus = form.querySelector('#org-status');
  var municipalitySelect = form.querySelector('#newOrgMunicipality');
  var municipalityLabel = function (code) {
    var option = municipalitySelect && municipalitySelect.querySelector('option[value="' + code + '"]');
    return option ? option.textContent : code;
  };
  var orgTimer;
  var orgSeq = 0;
  function choice(org, checked) {
    var li = document.createElement('li');
    var input = document.createElement('input');
    input.type = 'radio';
    input.name = 'organizationId';
    input.id = 'organization-' + org.id;
    input.value = String(org.id);
    input.checked = checked;
    var label = document.createElement('label');
    label.htmlFor = input.id;
    label.textContent = org.name + ' ';
    var meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = '(' + municipalityLabel(org.municipality) + ')';
    label.appendChild(meta);
    li.appendChild(input);
    li.appendChild(label);
    return li;
  }
  function searchOrganizations() {
    var q = orgq.value.trim();
    if (q.length < 2) {
      orgStatus.textContent = 'Введите хотя бы две буквы названия.';
      return;
    }
    var seq = ++orgSeq;
    orgStatus.textContent = 'Ищем…';
    fetch(layout.getAttribute('data-organizations') + '?limit=10&q=' + encodeURIComponent(q), {
      headers: { accept: 'application/json' },
    })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (body) {
        if (seq !== orgSeq) return;
        var checked = results.querySelector('input:checked');
        var keep = checked ? checked.closest('li') : null;
        results.textContent = '';
        if (keep) results.appendChild(keep);
        var added = 0;
        body.items.forEach(function (org) {
          if (checked && String(org.id) === checked.value) return;
          results.appendChild(choice(org, false));
          added += 1;
        });
        orgStatus.textContent =
          added === 0
            ? 'По запросу «' + q + '» ничего не нашлось. Проверьте написание или добавьте организацию ниже.'
            : 'Найдено: ' + added + '. Выберите свою организацию в списке.';
      })
      .catch(function () {
        if (seq === orgSeq) orgStatus.textContent = 'Не удалось найти: нет связи. Попробуйте ещё раз.';
      });
  }
  if (orgq && results) {
    orgq.addEventListener('input', function () {
      clearTimeout(orgTimer);
      orgTimer = setTimeout(searchOrganizations, 350);
    });
    orgq.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      clearTimeout(orgTimer);
      searchOrganizations();
    });
    var find = form.querySelector('button[value="org-search"]');
    if (find)
      find.addEventListener('click', function (event) {
        event.preventDefault();
        searchOrganizations();
      });
  }

  // The Markdown toolbar: buttons that put the syntax around the selection; arrow keys move between them.
  function lines(text, start, end, prefix) {
    var from = text.lastIndexOf('\n', start - 1) + 1;
    var block = text.slice(from, end) || 'пункт';
    var n = 0;
    var changed = block
      .split('\n')
      .map(function (line) {
        n += 1;
        return (typeof prefix === 'function' ? prefix(n) : prefix) + line;
      })
      .join('\n');
    return { from: from, to: end, text: changed };
  }
  function format(textarea, kind) {
    var text = textarea.value;
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var selected = text.slice(start, end);
    var edit;
    if (kind === 'bold' || kind === 'italic') {
      var mark = kind === 'bold' ? '**' : '*';
      edit = { from: start, to: end, text: mark + (selected || 'текст') + mark };
    } else if (kind === 'list') {
      edit = lines(text, start, end, '- ');
    } else if (kind === 'numbered') {
      edit = lines(text, start, end, function (n) {
        return n + '. ';
      });
    } else {
      edit = { from: start, to: end, text: '[' + (selected || 'текст ссылки') + '](https://)' };
    }
    textarea.focus();
    textarea.setRangeText(edit.text, edit.from, edit.to, 'end');
    if (kind === 'link') {
      var at = edit.from + edit.text.length - 1;
      textarea.setSelectionRange(at, at);
    } else if ((kind === 'bold' || kind === 'italic') && !selected) {
      // The placeholder is selected, so what the person types next replaces it.
      var inner = edit.from + (kind === 'bold' ? 2 : 1);
      textarea.setSelectionRange(inner, inner + 'текст'.length);
    }
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }
  each(form.querySelectorAll('.md-toolbar'), function (toolbar) {
    var buttons = toolbar.querySelectorAll('button');
    var textarea = document.getElementById(toolbar.getAttribute('aria-controls'));
    toolbar.hidden = false;
    each(buttons, function (button, i) {
      button.tabIndex = i === 0 ? 0 : -1;
      button.addEventListener('click', function () {
        format(textarea, button.getAttribute('data-md'));
      });
    });
    toolbar.addEventListener('keydown', function (event) {
      var i = Array.prototype.indexOf.call(buttons, document.activeElement);
      if (i === -1) return;
      var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[i].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
  });

  // «Предпросмотр» without leaving the page: the server renders it with the same code the practice page uses.
  each(form.querySelectorAll('button[data-preview]'), function (button) {
    button.addEventListener('click', function (event) {
      event.preventDefault();
      var id = button.getAttribute('data-preview');
      var box = document.getElementById(id + '-preview');
      box.hidden = false;
      box.textContent = 'Готовим предпросмотр…';
      fetch(layout.getAttribute('data-preview'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ text: document.getElementById(id).value }),
      })
        .then(function (res) {
          if (!res.ok) throw new Error(String(res.status));
          return res.json();
        })
        .then(function (body) {
          box.textContent = '';
          var title = document.createElement('p');
          title.className = 'md-preview-title';
          title.textContent = 'Так раздел будет выглядеть на сайте:';
          box.appendChild(title);
          var content = document.createElement(body.problem ? 'p' : 'div');
          if (body.problem) {
            content.className = 'error-message';
            content.textContent = body.problem;
          } else {
            content.className = 'prose';
            // HTML the bank's own renderer made from Markdown that refuses raw HTML: the same as on the site.
            content.innerHTML = body.html || '<p>(раздел пока пуст)</p>';
          }
          box.appendChild(content);
        })
        .catch(function () {
          box.textContent = 'Предпросмотр не получился: нет связи. Попробуйте ещё раз.';
        });
    });
  });
})();
