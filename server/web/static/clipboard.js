/*
 * Copying text to the clipboard, for the pages' «Скопировать» buttons (practice.js, report-list.js), which load
 * this script before their own. Plain http on an intranet host has no Clipboard API: a selection and execCommand
 * stand in for it there.
 */
(function () {
  'use strict';

  window.bankCopyText = function (text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http on an intranet host has no Clipboard API: fall back to a selection and execCommand.
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      document.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error('copy refused'));
    });
  };
})();
