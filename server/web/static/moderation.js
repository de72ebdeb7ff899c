// Enhances the reviewer's desk, which works without this file. The queue's filters apply as soon as one changes
// (a select changed with the arrow keys applies on Enter or when focus leaves it, so a keyboard user is not sent
// to a new page at every arrow press), and focus comes back to the same filter after the page reloads. On the
// review page the rubric's sum is kept up to date and the comment says when the chosen decision requires it.
(function () {
  'use strict';
  var KEY = 'bank:moderation-focus';

  Array.prototype.forEach.call(document.querySelectorAll('.js-only'), function (el) {
    el.hidden = false;
  });

  var filters = document.getElementById('queue-filters');
  if (filters) {
    // On a phone the filters start folded, unless the page came back from applying one of them.
    var box = filters.querySelector('details');
    var returning = false;
    try {
      returning = sessionStorage.getItem(KEY) !== null;
    } catch {
      returning = false;
    }
    if (box && !returning && window.matchMedia('(max-width: 40rem)').matches) box.open = false;
    var keyed = null;
    var apply = function (control) {
      try {
        sessionStorage.setItem(KEY, JSON.stringify({ name: control.name, value: control.value }));
      } catch {
        // Private mode: applying still works, focus just starts at the top.
      }
      if (filters.requestSubmit) filters.requestSubmit();
      else filters.submit();
    };
    filters.addEventListener('keydown', function (event) {
      if (event.target.tagName !== 'SELECT') return;
      if (event.key === 'Enter' && keyed === event.target) {
        event.preventDefault();
        apply(event.target);
      } else if (event.key.indexOf('Arrow') === 0 || event.key === 'Home' || event.key === 'End') {
        keyed = event.target;
      }
    });
    filters.addEventListener('focusout', function (event) {
      if (keyed === event.target && event.target.dataset.changed === 'true') apply(event.target);
      keyed = null;
    });
    filters.addEventListener('change', function (event) {
      var target = event.target;
      if (!target || !target.name) return;
      if (keyed === target) {
        target.dataset.changed = 'true';
        return;
      }
      apply(target);
    });
    try {
      var saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
      sessionStorage.removeItem(KEY);
      if (saved) {
        var controls = filters.querySelectorAll('[name="' + saved.name + '"]');
        for (var i = 0; i < controls.length; i++) {
          if (controls[i].tagName === 'SELECT' || controls[i].value === saved.value) {
            controls[i].focus();
            break;
          }
        }
      }
    } catch {
      // Nothing saved or storage unavailable.
    }
  }

  var form = document.getElementById('decision-form');
  if (form) {
    var total = form.querySelector('.rubric-total');
    var comment = document.getElementById('comment');
    var note = document.createElement('span');
    note.className = 'required-now';
    note.setAttribute('aria-live', 'polite');
    if (comment) comment.parentNode.insertBefore(note, comment);
    var update = function () {
      var sum = 0;
      var scored = 0;
      Array.prototype.forEach.call(form.querySelectorAll('.scores input:checked'), function (input) {
        sum += Number(input.value);
        scored += 1;
      });
      if (total) total.textContent = ' Сумма: ' + sum + (scored < 5 ? ' (оценено ' + scored + ' из 5).' : '.');
      var decision = form.querySelector('input[name="decision"]:checked');
      var required = decision && decision.getAttribute('data-comment-required') === 'true';
      note.textContent = required ? 'Для этого решения комментарий обязателен.' : '';
      if (comment) comment.setAttribute('aria-required', required ? 'true' : 'false');
    };
    form.addEventListener('change', update);
    update();
  }
})();
