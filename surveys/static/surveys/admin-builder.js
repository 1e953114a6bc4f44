"use strict";
// The survey builder (SurveyAdmin): each question form carries its type in
// data-question-type, and admin.css shows only the parts that type uses (end labels
// for scales, options for choices and matrices). Everything works without it; the
// page is only longer.
(function () {
    const QUESTION = '.djn-inline-form[data-inline-model="surveys-question"]';

    function sync(select) {
        const form = select.closest(QUESTION);
        if (form) {
            form.dataset.questionType = select.value;
        }
    }

    function syncAll() {
        document.querySelectorAll(QUESTION + ' select[name$="-type"]').forEach(sync);
    }

    document.addEventListener("change", function (event) {
        if (event.target.matches(QUESTION + ' select[name$="-type"]')) {
            sync(event.target);
        }
    });
    document.addEventListener("DOMContentLoaded", function () {
        syncAll();
        // Forms added with "Add another question" arrive later.
        const main = document.getElementById("content-main") || document.body;
        new MutationObserver(syncAll).observe(main, {childList: true, subtree: true});
    });
})();
