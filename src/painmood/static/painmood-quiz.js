/* Self-check quizzes and the "My progress" page of the Pain and Mood course.
 *
 * Inlined by painmood.quiz in every quiz or progress output, so it works in the
 * book and in Jupyter alike; the guard makes the first copy on a page the only one.
 * Nothing leaves the browser: best scores live in localStorage["painmood-progress"]
 * as {"ch01": {"correct": 3, "total": 4}, ...}.
 */
if (!window.PainMoodQuiz) {
  window.PainMoodQuiz = (function () {
    "use strict";
    var STORAGE_KEY = "painmood-progress";
    var EXPLAIN_AFTER_TRIES = 2; // a learner who is stuck sees the explanation after 2 wrong tries

    function readProgress() {
      try {
        var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}");
        return stored && typeof stored === "object" ? stored : {};
      } catch (error) {
        return {};
      }
    }

    function writeProgress(progress) {
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(progress));
        return true;
      } catch (error) {
        return false; // storage disabled (private mode, blocked cookies)
      }
    }

    function saveBest(chapter, correct, total) {
      var progress = readProgress();
      var old = progress[chapter];
      if (!old || old.total !== total || correct > old.correct) {
        progress[chapter] = { correct: correct, total: total };
        writeProgress(progress);
      }
    }

    function paragraph(text, className) {
      var p = document.createElement("p");
      p.textContent = text;
      if (className) p.className = className;
      return p;
    }

    /* Interface words in English and Chinese ([english, chinese] pairs from painmood.quiz's
       UI_TEXT), the Chinese tagged so that screen readers use a Chinese voice for it. */
    function bilingual(pair, values) {
      function fill(text) {
        return text.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
      }
      var fragment = document.createDocumentFragment();
      fragment.appendChild(document.createTextNode(fill(pair[0]) + " "));
      var chinese = document.createElement("span");
      chinese.setAttribute("lang", "zh-Hans");
      chinese.textContent = fill(pair[1]);
      fragment.appendChild(chinese);
      return fragment;
    }

    /* The verdict is text ("Correct." / "Not quite.") with an icon, never colour alone. */
    function verdict(ok, text) {
      var p = document.createElement("p");
      p.className = "pm-quiz-verdict " + (ok ? "pm-is-correct" : "pm-is-wrong");
      var icon = document.createElement("span");
      icon.className = "pm-quiz-icon";
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = ok ? "\u2713 " : "\u2717 ";
      p.appendChild(icon);
      p.appendChild(bilingual(ok ? text.correct : text.wrong, {}));
      return p;
    }

    /* Fill a live region after clearing it, so an identical message is announced again. */
    function announce(region, children) {
      region.textContent = "";
      window.setTimeout(function () {
        children.forEach(function (child) { region.appendChild(child); });
      }, 50);
    }

    function optionLabel(form, index) {
      var input = form.querySelectorAll("input")[index];
      var label = form.querySelector('label[for="' + input.id + '"]');
      return label ? label.textContent : "";
    }

    /* Returns {ok, messages} or null when nothing was answered. */
    function evaluate(item, form) {
      if (item.type === "numeric") {
        var raw = form.querySelector("input").value.trim();
        var value = Number(raw);
        if (raw === "" || !isFinite(value)) return null;
        if (Math.abs(value - item.answer) <= item.tolerance + 1e-9) {
          return { ok: true, messages: [item.feedback.correct] };
        }
        return { ok: false, messages: [value < item.answer ? item.feedback.too_low : item.feedback.too_high] };
      }
      var chosen = [];
      form.querySelectorAll("input").forEach(function (input, index) {
        if (input.checked) chosen.push(index);
      });
      if (chosen.length === 0) return null;
      var ok = item.options.every(function (option, index) {
        return option.correct === (chosen.indexOf(index) >= 0);
      });
      var messages = chosen.map(function (index) {
        var prefix = item.type === "multiple" ? "\u201c" + optionLabel(form, index) + "\u201d: " : "";
        return prefix + item.options[index].feedback;
      });
      var missed = item.options.some(function (option, index) {
        return option.correct && chosen.indexOf(index) < 0;
      });
      if (item.type === "multiple" && missed) messages.push("At least one correct answer is not selected yet.");
      return { ok: ok, messages: messages };
    }

    function initQuiz(section) {
      var data = JSON.parse(section.querySelector(".pm-quiz-data").textContent);
      var itemsById = {};
      data.items.forEach(function (item) { itemsById[item.id] = item; });
      var forms = Array.prototype.slice.call(section.querySelectorAll(".pm-quiz-item"));
      var state = {}; // item id -> {ok, wrongTries}
      var score = section.querySelector(".pm-quiz-score");

      function updateScore() {
        var correct = forms.filter(function (form) { return state[form.dataset.item].ok; }).length;
        score.textContent = "";
        score.appendChild(bilingual(data.text.score, { correct: correct, total: forms.length }));
        return correct;
      }

      function clearItem(form) {
        form.querySelectorAll("input").forEach(function (input) {
          input.checked = false;
          if (input.type === "number") input.value = "";
        });
        form.querySelector(".pm-quiz-feedback").textContent = "";
        state[form.dataset.item].ok = false;
      }

      forms.forEach(function (form) {
        var item = itemsById[form.dataset.item];
        var region = form.querySelector(".pm-quiz-feedback");
        state[item.id] = { ok: false, wrongTries: 0 };
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          var result = evaluate(item, form);
          if (!result) {
            announce(region, [paragraph(item.type === "numeric" ? "Please enter a number first." : "Please choose an answer first.", "pm-quiz-hint")]);
            return;
          }
          var itemState = state[item.id];
          itemState.ok = result.ok;
          if (!result.ok) itemState.wrongTries += 1;
          var children = [verdict(result.ok, data.text)].concat(result.messages.map(function (m) { return paragraph(m); }));
          if (result.ok || itemState.wrongTries >= EXPLAIN_AFTER_TRIES) {
            children.push(paragraph("Explanation: " + item.explanation, "pm-quiz-explanation"));
            children.push(paragraph("Sources: " + item.sources.join("; ") + ".", "pm-quiz-sources"));
          } else {
            children.push(paragraph("Change your answer and check again, or press Try again.", "pm-quiz-hint"));
          }
          announce(region, children);
          saveBest(data.chapter, updateScore(), forms.length);
        });
        form.querySelector(".pm-quiz-retry").addEventListener("click", function () {
          clearItem(form);
          updateScore();
          form.querySelector("input").focus();
        });
      });

      section.querySelector(".pm-quiz-reset").addEventListener("click", function () {
        forms.forEach(function (form) {
          clearItem(form);
          state[form.dataset.item].wrongTries = 0;
        });
        updateScore();
        score.appendChild(document.createTextNode(" The quiz was reset; your best score is kept on My progress."));
      });
    }

    function initProgress(section) {
      var status = section.querySelector(".pm-progress-status");
      var eraseButton = section.querySelector(".pm-progress-reset");
      var undoButton = section.querySelector(".pm-progress-undo");
      var erased = null; // what the last erase removed, until undone

      function render() {
        var progress = readProgress();
        section.querySelectorAll("tbody tr").forEach(function (row) {
          var best = progress[row.dataset.chapter];
          row.querySelector(".pm-progress-score").textContent = best
            ? best.correct + " of " + best.total + " correct"
            : "Not taken yet";
        });
      }

      eraseButton.addEventListener("click", function () {
        erased = readProgress();
        if (!writeProgress({})) {
          status.textContent = "This browser does not allow saving, so there was nothing to erase.";
          return;
        }
        render();
        undoButton.hidden = false;
        undoButton.focus();
        status.textContent = "Your progress was erased. Press Undo erase to bring it back.";
      });
      undoButton.addEventListener("click", function () {
        writeProgress(erased || {});
        erased = null;
        render();
        undoButton.hidden = true;
        eraseButton.focus();
        status.textContent = "Your progress was restored.";
      });
      render();
    }

    /* Set up every quiz and progress table not yet set up (outputs may arrive later in Jupyter). */
    function initAll() {
      document.querySelectorAll(".pm-quiz:not([data-ready]), .pm-progress:not([data-ready])").forEach(function (section) {
        section.setAttribute("data-ready", "true");
        if (section.classList.contains("pm-quiz")) initQuiz(section);
        else initProgress(section);
      });
    }

    return { initAll: initAll, readProgress: readProgress, STORAGE_KEY: STORAGE_KEY };
  })();
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", window.PainMoodQuiz.initAll);
} else {
  window.PainMoodQuiz.initAll();
}
