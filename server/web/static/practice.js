/*
 * Practice page enhancements; the page works without them. The citation gets a copy button, and video links
 * get a «Смотреть здесь» button that swaps in the player: nothing is fetched from the video service before it.
 */
(function () {
  'use strict';

  var copyText = window.bankCopyText;

  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    var status = button.parentNode.querySelector('.copy-status');
    if (!source) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      copyText(source.textContent.trim()).then(
        function () {
          if (status) status.textContent = 'Ссылка скопирована в буфер обмена';
        },
        function () {
          if (status) status.textContent = 'Не удалось скопировать: выделите текст ссылки и скопируйте его вручную';
        },
      );
    });
  });

  document.querySelectorAll('.video[data-embed]').forEach(function (item) {
    var button = item.querySelector('.video-play');
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var frame = document.createElement('iframe');
      frame.src = item.getAttribute('data-embed');
      frame.title = 'Видео: ' + item.getAttribute('data-title');
      frame.setAttribute('allow', 'autoplay; encrypted-media; fullscreen; picture-in-picture');
      frame.setAttribute('allowfullscreen', '');
      frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
      frame.className = 'video-frame';
      button.replaceWith(frame);
      frame.focus();
    });
  });
})();
