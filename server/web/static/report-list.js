/*
 * «Список для отчёта»: a «Скопировать» button that puts the numbered list on the clipboard, numbers included (a
 * selection of an <ol> leaves them out in most browsers). The page works without it: the list is plain text.
 */
(function () {
  'use strict';

  var button = document.querySelector('button.copy-list');
  var list = document.getElementById('report-items');
  if (!button || !list) return;
  var status = button.parentNode.querySelector('.copy-status');
  var text = Array.prototype.map
    .call(list.querySelectorAll('li'), function (item, i) {
      return i + 1 + '. ' + item.textContent.trim();
    })
    .join('\n');

  var copyText = window.bankCopyText;

  button.hidden = false;
  button.addEventListener('click', function () {
    copyText(text).then(
      function () {
        if (status) status.textContent = 'Список скопирован в буфер обмена';
      },
      function () {
        if (status) status.textContent = 'Не удалось скопировать: выделите список и скопируйте его вручную';
      },
    );
  });
})();
