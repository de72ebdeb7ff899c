// Autosave for the practice editor, which saves without this file through «Сохранить черновик». Changes go to the
// API's PATCH with If-Match two seconds after the last keystroke, when a field loses focus and when the page is
// hidden; until the server confirms, a copy waits in localStorage. A 412 (a co-author saved meanwhile) never
// overwrites: fields only the co-author changed are taken, fields both changed are shown side by side to choose.
(function () {
  'use strict';
  var form = document.getElementById('editor');
  if (!form) return;
  var layout = form.querySelector('.editor-layout');
  var api = layout.getAttribute('data-api');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var etagField = form.querySelector('input[name="etag"]');
  var statusLine = document.getElementById('save-status');
  var storageKey = 'bank:draft:' + layout.getAttribute('data-practice');
  var DELAY = 2000;
  var IGNORED = /^(orgq|newOrg|keep-|intent|etag|_csrf|conflicts)/;

  var each = function (list, fn) {
    Array.prototype.forEach.call(list, fn);
  };
  var markdownAreas = form.querySelectorAll('.md-field textarea');
  var pickers = form.querySelectorAll('fieldset.picker');

  function split(value) {
    return value
      .split(/[,;\n]/)
      .map(function (k) {
        return k.trim();
      })
      .filter(Boolean);
  }
  /** The form's fields in the API's terms; a year that is not a number stays out (and is flagged). */
  function collect() {
    var v = { title: form.querySelector('#title').value };
    each(markdownAreas, function (t) {
      v[t.name] = t.value;
    });
    each(pickers, function (fieldset) {
      v[fieldset.id] = Array.prototype.map.call(fieldset.querySelectorAll('input:checked'), function (c) {
        return c.value;
      });
    });
    v.keywords = split(form.querySelector('#keywords').value);
    var org = form.querySelector('input[name="organizationId"]:checked');
    v.organizationId = org ? Number(org.value) : null;
    var year = form.querySelector('#startedYear').value.trim();
    v.startedYear = year === '' ? null : /^\d{4}$/.test(year) ? Number(year) : undefined;
    return v;
  }
  var FIELDS = Object.keys(collect());
  var same = function (a, b) {
    if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
    return JSON.stringify(a) === JSON.stringify(b);
  };
  function pick(practice) {
    var v = {};
    FIELDS.forEach(function (f) {
      v[f] = practice[f];
    });
    return v;
  }
  var base = collect();
  var etag = etagField.value;
  var organizationNames = {};

  var timer;
  var saving = false;
  var again = false;
  var conflictOpen = false;

  function say(text) {
    statusLine.textContent = text;
  }
  var time = function () {
    return new Date().toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' });
  };

  function keepLocal() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ etag: etag, base: base, values: collect(), at: Date.now() }));
    } catch {
      // Storage full or off: the server copy is still saved as before.
    }
  }
  function dropLocal() {
    try {
      localStorage.removeItem(storageKey);
    } catch {
      // Nothing to drop.
    }
  }

  function changes(values) {
    var out = {};
    FIELDS.forEach(function (f) {
      if (values[f] !== undefined && !same(values[f], base[f])) out[f] = values[f];
    });
    return out;
  }

  function fieldBox(field) {
    var el = document.getElementById(field);
    return el ? el.closest('.field') || el : null;
  }
  function clearError(field) {
    var box = fieldBox(field);
    if (!box) return;
    var old = box.querySelector('.js-error');
    if (old) old.remove();
    box.classList.remove('has-error');
  }
  function showError(field, message) {
    var box = fieldBox(field);
    if (!box) return;
    clearError(field);
    var span = document.createElement('span');
    span.className = 'error-message js-error';
    span.textContent = message;
    var anchor = box.querySelector('textarea, input:not([type="search"]), .choices');
    box.insertBefore(span, anchor && anchor.parentNode === box ? anchor : null);
    box.classList.add('has-error');
  }

  function checkYear(values) {
    if (values.startedYear === undefined) showError('startedYear', 'Год — четыре цифры, например 2022');
    else clearError('startedYear');
  }

  function save(keepalive) {
    clearTimeout(timer);
    if (conflictOpen) return;
    if (saving) {
      again = true;
      return;
    }
    var values = collect();
    checkYear(values);
    var body = changes(values);
    if (Object.keys(body).length === 0) {
      if (values.startedYear !== undefined) dropLocal();
      return;
    }
    saving = true;
    say('Сохраняем…');
    fetch(api, {
      method: 'PATCH',
      keepalive: !!keepalive,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'if-match': etag,
        'x-csrf-token': csrf,
      },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        if (res.ok)
          return res.json().then(function (practice) {
            etag = res.headers.get('etag') || etag;
            etagField.value = etag;
            base = pick(practice);
            Object.keys(body).forEach(clearError);
            // A change typed while this save was in flight is not saved yet: say so until the next save takes it.
            if (Object.keys(changes(collect())).length === 0) {
              say('Сохранено в ' + time());
              dropLocal();
            } else {
              say('Есть несохранённые изменения…');
              again = true;
            }
            refreshChecklist();
          });
        if (res.status === 412) return resolveConflict();
        if (res.status === 400)
          return res.json().then(function (error) {
            (error.details || []).forEach(function (d) {
              showError(d.field.replace(/^body\./, '').split('.')[0], d.message);
            });
            say('Не сохранено: исправьте отмеченные поля. Текст сохранён в этом браузере.');
          });
        if (res.status === 401 || res.status === 403)
          return say('Не сохранено: вход истёк. Войдите снова в другой вкладке — текст сохранён в этом браузере.');
        if (res.status === 409) return say('Не сохранено: практику уже нельзя изменять. Обновите страницу.');
        say('Не сохранено — ошибка на сервере, повторим через минуту.');
        timer = setTimeout(save, 60000);
      })
      .catch(function () {
        say('Не сохранено — нет связи, повторим. Текст сохранён в этом браузере.');
        timer = setTimeout(save, 10000);
      })
      .then(function () {
        saving = false;
        if (again) {
          again = false;
          timer = setTimeout(save, DELAY);
        }
      });
  }

  /** The checklist and the submit button, from the same check the submit transition makes. */
  function refreshChecklist() {
    fetch(api + '/readiness', { headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (ready) {
        if (!ready) return;
        var body = document.getElementById('checklist-body');
        body.textContent = '';
        var p = document.createElement('p');
        if (ready.complete) {
          p.className = 'checklist-done';
          p.textContent = 'Всё обязательное заполнено — практику можно отправить на рассмотрение.';
          body.appendChild(p);
        } else {
          p.textContent = 'Чтобы отправить практику на рассмотрение, осталось:';
          var ul = document.createElement('ul');
          ready.missing.forEach(function (item) {
            var li = document.createElement('li');
            var a = document.createElement('a');
            a.href = /^authors/.test(item.field) ? layout.getAttribute('data-authors') : '#' + item.field.split('.')[0];
            a.textContent = item.message;
            li.appendChild(a);
            ul.appendChild(li);
          });
          body.appendChild(p);
          body.appendChild(ul);
        }
        document.getElementById('submit-practice').disabled = !ready.complete;
        document.getElementById('submit-hint').textContent = ready.complete
          ? 'После отправки текст нельзя менять, пока эксперт СОИРО не примет решение.'
          : 'Кнопка станет доступна, когда всё из списка выше будет заполнено и сохранено.';
      })
      .catch(function () {
        // The list refreshes with the next save.
      });
  }

  function setField(field, value) {
    var el = document.getElementById(field);
    if (!el) return;
    if (el.tagName === 'FIELDSET' && field !== 'organizationId') {
      each(el.querySelectorAll('input[type="checkbox"]'), function (c) {
        c.checked = value.indexOf(c.value) !== -1;
      });
    } else if (field === 'organizationId') {
      var radio = value === null ? null : document.getElementById('organization-' + value);
      if (radio) radio.checked = true;
      else if (value === null)
        each(el.querySelectorAll('input[type="radio"]'), function (r) {
          r.checked = false;
        });
    } else {
      el.value = Array.isArray(value) ? value.join(', ') : value === null ? '' : String(value);
    }
  }
  function labelOf(field) {
    var el = document.getElementById(field);
    var box =
      el && (el.tagName === 'FIELDSET' ? el.querySelector('legend') : form.querySelector('label[for="' + field + '"]'));
    return box ? box.textContent : field;
  }
  function shown(field, value) {
    if (value === null || value === undefined) return '';
    if (field === 'organizationId') {
      var label = form.querySelector('label[for="organization-' + value + '"]');
      return label ? label.textContent : organizationNames[value] || String(value);
    }
    if (Array.isArray(value) && field !== 'keywords')
      return value
        .map(function (code) {
          var label = form.querySelector('label[for="' + field + '-' + code + '"]');
          return label ? label.textContent : code;
        })
        .join(', ');
    return Array.isArray(value) ? value.join(', ') : String(value);
  }

  /** After a 412: takes what only the co-author changed, and asks about what both changed. */
  function resolveConflict() {
    return fetch(api, { headers: { accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        var fresh = res.headers.get('etag');
        return res.json().then(function (practice) {
          if (practice.organization) organizationNames[practice.organization.id] = practice.organization.name;
          var theirs = pick(practice);
          var mine = collect();
          var both = [];
          FIELDS.forEach(function (f) {
            var mineChanged = mine[f] !== undefined && !same(mine[f], base[f]);
            var theirsChanged = !same(theirs[f], base[f]);
            if (theirsChanged && !mineChanged) setField(f, theirs[f]);
            else if (theirsChanged && !same(mine[f], theirs[f])) both.push(f);
          });
          base = theirs;
          etag = fresh || etag;
          etagField.value = etag;
          keepLocal();
          if (both.length === 0) {
            again = true;
            return;
          }
          showConflict(both, mine, theirs);
        });
      })
      .catch(function () {
        say('Не сохранено — нет связи, повторим. Текст сохранён в этом браузере.');
        timer = setTimeout(save, 10000);
      });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function showConflict(fields, mine, theirs) {
    conflictOpen = true;
    var panel = document.getElementById('js-conflict');
    panel.textContent = '';
    panel.className = 'conflict';
    panel.setAttribute('tabindex', '-1');
    var title = el('h2', '', 'Соавтор изменил практику, пока вы её редактировали');
    title.id = 'js-conflict-title';
    panel.setAttribute('aria-labelledby', title.id);
    panel.appendChild(title);
    panel.appendChild(
      el('p', '', 'Ниже — поля, где ваш текст и текст соавтора различаются. Выберите для каждого, какой оставить.'),
    );
    var open = fields.length;
    fields.forEach(function (f) {
      var block = el('div', 'conflict-field');
      block.appendChild(el('h3', '', labelOf(f)));
      var texts = el('div', 'conflict-texts');
      [
        ['Ваш текст', mine[f], 'Оставить мой текст', 'mine'],
        ['Текст соавтора', theirs[f], 'Оставить текст соавтора', 'theirs'],
      ].forEach(function (side) {
        var column = el('div');
        column.appendChild(el('p', 'conflict-caption', side[0]));
        column.appendChild(el('div', 'conflict-text', shown(f, side[1]) || '(пусто)'));
        var button = el('button', 'button secondary', side[2]);
        button.type = 'button';
        button.addEventListener('click', function () {
          if (side[3] === 'theirs') setField(f, theirs[f]);
          block.remove();
          open -= 1;
          if (open === 0) {
            panel.hidden = true;
            conflictOpen = false;
            say('Расхождения разобраны, сохраняем…');
            save();
          } else panel.focus();
        });
        column.appendChild(button);
        texts.appendChild(column);
      });
      block.appendChild(texts);
      panel.appendChild(block);
    });
    panel.hidden = false;
    say('Не сохранено: соавтор изменил те же поля. Выберите, какой текст оставить.');
    panel.focus();
  }

  function changed(event) {
    var target = event.target;
    if (!target || !target.name || IGNORED.test(target.name)) return;
    keepLocal();
    if (!conflictOpen) say('Есть несохранённые изменения…');
    clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('focusout', function (event) {
    if (event.target && event.target.name && !IGNORED.test(event.target.name)) save();
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') save(true);
  });
  window.addEventListener('pagehide', function () {
    save(true);
  });
  // A form post (save, submit) carries everything itself: no autosave races it.
  form.addEventListener('submit', function () {
    clearTimeout(timer);
    conflictOpen = true;
  });

  // A copy left by a browser that closed before the server confirmed it.
  function offerRestore() {
    var saved;
    try {
      saved = JSON.parse(localStorage.getItem(storageKey) || 'null');
    } catch {
      saved = null;
    }
    if (!saved || !saved.values) return;
    var differs = FIELDS.some(function (f) {
      return saved.values[f] !== undefined && !same(saved.values[f], base[f]);
    });
    if (!differs) return dropLocal();
    var box = document.getElementById('restore');
    var when = new Date(saved.at).toLocaleString('ru-RU', {
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
    });
    box.appendChild(el('p', '', 'В этом браузере есть несохранённая копия текста от ' + when + '. Восстановить её?'));
    var restore = el('button', 'button', 'Восстановить копию');
    restore.type = 'button';
    var discard = el('button', 'button secondary', 'Отбросить копию');
    discard.type = 'button';
    restore.addEventListener('click', function () {
      box.hidden = true;
      // Saved against the version it was read from: if a co-author saved since, the 412 path shows both texts.
      base = saved.base || base;
      etag = saved.etag || etag;
      FIELDS.forEach(function (f) {
        if (saved.values[f] !== undefined) setField(f, saved.values[f]);
      });
      save();
    });
    discard.addEventListener('click', function () {
      box.hidden = true;
      dropLocal();
      say('Копия отброшена.');
    });
    var actions = el('p', 'actions');
    actions.appendChild(restore);
    actions.appendChild(discard);
    box.appendChild(actions);
    box.hidden = false;
  }

  say('Черновик сохраняется автоматически, пока вы пишете.');
  offerRestore();
})();
