// Enhances the search form, which works without this file: a facet or the sort applies as soon as it changes,
// and focus returns to the same control after the page reloads, so keyboard users keep their place.
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form) return;
  var KEY = 'bank:search-focus';

  Array.prototype.forEach.call(document.querySelectorAll('.no-js-only'), function (el) {
    el.hidden = true;
  });
  Array.prototype.forEach.call(document.querySelectorAll('.js-only'), function (el) {
    el.hidden = false;
  });

  // On a phone the filters start folded so the results come first; the chips still show what is chosen.
  var filters = form.querySelector('details.filters');
  if (filters && window.matchMedia('(max-width: 55.99rem)').matches) filters.open = false;
  // «Перейти к фильтрам» above the results unfolds them, or it would lead to a closed heading.
  var toFilters = form.querySelector('a.to-filters');
  if (toFilters && filters)
    toFilters.addEventListener('click', function () {
      filters.open = true;
    });

  form.addEventListener('change', function (event) {
    var target = event.target;
    if (!target || !target.name || target.name === 'q') return;
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ name: target.name, value: target.value }));
    } catch {
      // Private mode: applying still works, focus just starts at the top.
    }
    // Page 1 of the new view: the form has no page field, so submitting starts there.
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  });

  try {
    var saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    sessionStorage.removeItem(KEY);
    if (saved) {
      var controls = form.querySelectorAll('[name="' + saved.name + '"]');
      for (var i = 0; i < controls.length; i++) {
        if (controls[i].tagName === 'SELECT' || controls[i].value === saved.value) {
          // Every disclosure around it opens (the panel, a folded «Ещё N»), or focus would land out of sight.
          for (var d = controls[i].closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
          controls[i].focus();
          break;
        }
      }
    }
  } catch {
    // Nothing saved or storage unavailable.
  }
})();
