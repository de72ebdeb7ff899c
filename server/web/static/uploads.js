// Enhances the materials page, which works without this file (the form posts the files and the page answers).
// With it, files chosen or dropped on the zone go to the API with a progress bar, are checked first against
// the same rules and in the same words as the API, and the list is refreshed in place when they are stored.
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  var field = document.getElementById('upload-field');
  if (!form || !field || !window.XMLHttpRequest || !window.FormData) return;
  var input = document.getElementById('file');
  var zone = document.getElementById('drop-zone');
  var errorBox = document.getElementById('file-error');
  var progress = document.getElementById('upload-progress');
  var bar = document.getElementById('upload-bar');
  var status = document.getElementById('upload-status');
  var token = new URL(form.action, location.href).searchParams.get('_csrf');
  var extensions = field.getAttribute('data-extensions').split(',');
  var maxFileBytes = Number(field.getAttribute('data-max-file-bytes'));
  var busy = false;

  zone.querySelectorAll('.drag-hint').forEach(function (el) {
    el.hidden = false;
  });

  function message(name, values) {
    var text = field.getAttribute('data-msg-' + name) || '';
    Object.keys(values || {}).forEach(function (key) {
      text = text.split('{' + key + '}').join(values[key]);
    });
    return text;
  }

  function showError(text) {
    errorBox.textContent = '';
    if (text) {
      var hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = 'Ошибка: ';
      errorBox.appendChild(hidden);
      errorBox.appendChild(document.createTextNode(text));
    }
    errorBox.hidden = !text;
    field.classList.toggle('has-error', Boolean(text));
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function size(bytes) {
    var units = ['байт', 'КБ', 'МБ', 'ГБ'];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return (
      (unit === 0 ? String(value) : value.toLocaleString('ru-RU', { maximumFractionDigits: 1 })) + ' ' + units[unit]
    );
  }

  // The first rule a file breaks, in the API's words; the server checks everything again (the bytes, too).
  function refusal(files) {
    if (files.length > Number(field.getAttribute('data-files-left'))) return message('many');
    var total = 0;
    for (var i = 0; i < files.length; i += 1) {
      var name = files[i].name;
      var dot = name.lastIndexOf('.');
      var ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
      if (!ext) return message('no-ext');
      if (extensions.indexOf(ext) < 0) return message('type', { ext: ext });
      if (files[i].size > maxFileBytes) return message('large', { name: name });
      total += files[i].size;
    }
    if (total > Number(field.getAttribute('data-bytes-left'))) return message('quota');
    return '';
  }

  // The page as the server now renders it gives the new list and the new limits; nothing is rebuilt by hand.
  function refreshList() {
    return fetch(location.pathname, { credentials: 'same-origin' })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, 'text/html');
        ['files', 'upload-rules'].forEach(function (id) {
          var now = document.getElementById(id);
          var fresh = next.getElementById(id);
          if (now && fresh) now.replaceWith(fresh);
        });
        var freshField = next.getElementById('upload-field');
        if (freshField) {
          ['data-files-left', 'data-bytes-left'].forEach(function (name) {
            field.setAttribute(name, freshField.getAttribute(name));
          });
        }
      });
  }

  function upload(files) {
    if (busy) return;
    if (files.length === 0) {
      showError('Выберите хотя бы один файл');
      return;
    }
    var refused = refusal(files);
    showError(refused);
    if (refused) {
      progress.hidden = true;
      return;
    }
    var data = new FormData();
    var names = [];
    var total = 0;
    for (var i = 0; i < files.length; i += 1) {
      data.append('file', files[i], files[i].name);
      names.push('«' + files[i].name + '»');
      total += files[i].size;
    }
    busy = true;
    progress.hidden = false;
    bar.value = 0;
    status.textContent = 'Загрузка началась: ' + names.join(', ');
    var request = new XMLHttpRequest();
    request.open('POST', field.getAttribute('data-api'));
    request.setRequestHeader('x-csrf-token', token);
    request.setRequestHeader('accept', 'application/json');
    request.upload.addEventListener('progress', function (event) {
      var sent = event.lengthComputable ? event.loaded : 0;
      var of = event.lengthComputable ? event.total : total;
      var percent = of > 0 ? Math.min(100, Math.round((sent / of) * 100)) : 0;
      bar.value = percent;
      status.textContent = 'Загружено ' + percent + ' % (' + size(sent) + ' из ' + size(of) + ')';
    });
    request.addEventListener('load', function () {
      busy = false;
      if (request.status === 201) {
        bar.value = 100;
        input.value = '';
        refreshList().then(
          function () {
            status.textContent = 'Готово, файлы сохранены: ' + names.join(', ');
          },
          function () {
            status.textContent = 'Файлы сохранены; обновите страницу, чтобы увидеть их в списке';
          },
        );
        return;
      }
      progress.hidden = true;
      var text = 'Файлы не загружены: попробуйте ещё раз';
      try {
        var body = JSON.parse(request.responseText);
        text = (body.details && body.details[0] && body.details[0].message) || body.message || text;
      } catch {
        // Not the API's JSON (a proxy's page): the general words stand.
      }
      showError(text);
    });
    request.addEventListener('error', function () {
      busy = false;
      progress.hidden = true;
      showError('Связь прервалась, файлы не загружены. Проверьте интернет и попробуйте ещё раз');
    });
    request.send(data);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    upload(input.files);
  });

  ['dragenter', 'dragover'].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.add('dragging');
    });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    zone.addEventListener(type, function () {
      zone.classList.remove('dragging');
    });
  });
  zone.addEventListener('drop', function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files) upload(event.dataTransfer.files);
  });
})();
