/* A scenario's handout: the choice of copy before printing. Each button
 * ([data-handout-copy="participants"|"trainer"]) shows that copy on screen
 * (the participants' leaves the answers out: body.handout-participants) and
 * opens the browser's print dialog. Without this script the buttons stay
 * hidden and the page prints the trainer's copy, the answers on pages of
 * their own.
 */
(function () {
  "use strict";

  var SHOWN = {
    participants: "Shown and printed: the participants' copy, without the answers.",
    trainer: "Shown and printed: the trainer's copy, the answers on pages of their own."
  };

  function choose(copy, shown) {
    document.body.classList.toggle("handout-participants", copy === "participants");
    if (shown) shown.textContent = SHOWN[copy] || "";
    window.print();
  }

  function start() {
    var choice = document.querySelector("[data-handout-choice]");
    if (!choice) return;
    var shown = choice.querySelector("[data-handout-shown]");
    choice.hidden = false;
    choice.addEventListener("click", function (ev) {
      var button = ev.target.closest ? ev.target.closest("[data-handout-copy]") : null;
      if (button) choose(button.getAttribute("data-handout-copy"), shown);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
