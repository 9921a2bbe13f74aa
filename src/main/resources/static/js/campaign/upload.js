// The campaign's upload fragment (templates/campaign/fragments/upload.html): posts each chosen file to the API
// with a progress bar, shows the server's thumbnail (or the name) and keeps the file id in a hidden input named
// as the including form asked. Errors are the server's own words (in the page's language).
(function () {
  'use strict';

  function limitFor(root, file) {
    var t = (file.type || '').toLowerCase();
    var n = (file.name || '').toLowerCase();
    if (t.indexOf('video/') === 0 || /\.(mp4|m4v|mov)$/.test(n)) { return Number(root.dataset.maxVideo); }
    if (t === 'application/pdf' || /\.pdf$/.test(n)) { return Number(root.dataset.maxFile); }
    return Number(root.dataset.maxPhoto);
  }

  function problemText(xhr, root) {
    try {
      var body = JSON.parse(xhr.responseText);
      if (body.problems && body.problems.length) {
        return body.problems.map(function (p) { return p.message; }).join('；');
      }
      if (body.error) { return body.error; }
    } catch (e) { /* not JSON: a proxy's page */ }
    return root.dataset.msgFailed + ' (' + xhr.status + ')';
  }

  function showError(root, text) {
    var error = root.querySelector('.upload-error');
    error.textContent = text;
    error.hidden = !text;
  }

  function added(root, stored) {
    var list = root.querySelector('.upload-list');
    var item = document.createElement('li');
    item.className = 'upload-item';
    item.dataset.fileId = stored.id;
    var link = document.createElement('a');
    link.href = root.dataset.fileUrl + stored.id;
    link.target = '_blank';
    link.rel = 'noopener';
    if (stored.hasThumbnail) {
      var img = document.createElement('img');
      img.src = root.dataset.fileUrl + stored.id + '/thumbnail';
      img.alt = stored.originalName;
      img.className = 'upload-thumbnail';
      link.appendChild(img);
    }
    var name = document.createElement('span');
    name.className = 'upload-name';
    name.textContent = stored.originalName;
    link.appendChild(name);
    item.appendChild(link);
    var hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = root.dataset.name;
    hidden.value = stored.id;
    item.appendChild(hidden);
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link upload-remove';
    remove.textContent = root.dataset.msgRemove;
    remove.addEventListener('click', function () { item.remove(); });
    item.appendChild(remove);
    list.appendChild(item);
  }

  function send(root, input) {
    var file = input.files && input.files[0];
    if (!file) { return; }
    showError(root, '');
    var status = root.querySelector('.upload-status');
    var limit = limitFor(root, file);
    if (limit && file.size > limit) {
      showError(root, root.dataset.msgTooLarge.replace('{0}', file.name)
          .replace('{1}', Math.round(limit / 1048576) + ' MB'));
      input.value = '';
      return;
    }
    var progress = root.querySelector('.upload-progress');
    progress.value = 0;
    progress.hidden = false;
    status.textContent = root.dataset.msgUploading.replace('{0}', file.name);
    var form = new FormData();
    form.append('file', file, file.name);
    if (root.dataset.area) { form.append('area', root.dataset.area); }
    var xhr = new XMLHttpRequest();
    xhr.open('POST', root.dataset.url);
    xhr.setRequestHeader('Accept', 'application/json');
    if (root.dataset.csrfHeader && root.dataset.csrf) { xhr.setRequestHeader(root.dataset.csrfHeader, root.dataset.csrf); }
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) { progress.value = Math.round(100 * e.loaded / e.total); }
    });
    xhr.addEventListener('load', function () {
      progress.hidden = true;
      input.value = '';
      if (xhr.status === 201 || xhr.status === 200) {
        var stored = JSON.parse(xhr.responseText);
        status.textContent = root.dataset.msgDone.replace('{0}', stored.originalName);
        added(root, stored);
      } else {
        status.textContent = '';
        showError(root, problemText(xhr, root));
      }
    });
    xhr.addEventListener('error', function () {
      progress.hidden = true;
      status.textContent = '';
      showError(root, root.dataset.msgNetwork);
    });
    xhr.send(form);
  }

  function init(root) {
    if (root.dataset.uploadReady) { return; }
    root.dataset.uploadReady = '1';
    root.querySelectorAll('.upload-input').forEach(function (input) {
      input.addEventListener('change', function () { send(root, input); });
    });
  }

  function initAll(scope) {
    (scope || document).querySelectorAll('[data-upload]').forEach(init);
  }

  document.addEventListener('DOMContentLoaded', function () { initAll(document); });
  // fragments swapped in by htmx
  document.addEventListener('htmx:load', function (e) { initAll(e.target); });
  if (document.readyState !== 'loading') { initAll(document); }
}());
