// The explorer's behaviour: hover and keyboard focus on timeline marks, and the network's year slider.
// Loaded as a file from our own origin (no inline script: Content-Security-Policy). The pages work without it.
(function () {
  "use strict";

  function showTip(figure, mark) {
    var tip = figure.querySelector(".tip");
    if (!tip) return;
    tip.textContent = "";
    var title = document.createElement("strong");
    title.textContent = mark.dataset.title;
    tip.appendChild(title);
    tip.appendChild(document.createTextNode(mark.dataset.when + (mark.dataset.evidence ? " · " + mark.dataset.evidence : "")));
    var box = mark.getBoundingClientRect();
    var frame = figure.getBoundingClientRect();
    tip.style.left = Math.max(0, box.left - frame.left + figure.scrollLeft) + "px";
    tip.style.top = (box.bottom - frame.top + 6) + "px";
    tip.hidden = false;
    figure.classList.add("dimmed");
    figure.querySelectorAll(".mark.focused").forEach(function (other) { other.classList.remove("focused"); });
    figure.querySelectorAll('.mark[data-key="' + CSS.escape(mark.dataset.key) + '"]').forEach(function (same) {
      same.classList.add("focused");
    });
  }

  function hideTip(figure) {
    var tip = figure.querySelector(".tip");
    if (tip) tip.hidden = true;
    figure.classList.remove("dimmed");
    figure.querySelectorAll(".mark.focused").forEach(function (mark) { mark.classList.remove("focused"); });
  }

  function timelines() {
    document.querySelectorAll("figure.chart").forEach(function (figure) {
      figure.querySelectorAll(".mark").forEach(function (mark) {
        mark.addEventListener("mouseenter", function () { showTip(figure, mark); });
        mark.addEventListener("focus", function () { showTip(figure, mark); });
        mark.addEventListener("mouseleave", function () { hideTip(figure); });
        mark.addEventListener("blur", function () { hideTip(figure); });
      });
    });
  }

  // A tie is active in a year when it starts before the year ends and ends after it begins (open ends hold).
  function activeIn(element, year) {
    var lower = element.dataset.lower, upper = element.dataset.upper;
    return (!lower || lower <= year + "-12-31") && (!upper || upper >= year + "-01-01");
  }

  function setParameter(href, name, value) {
    var url = new URL(href, window.location.href);
    if (value === null) url.searchParams.delete(name); else url.searchParams.set(name, value);
    return url.pathname + url.search.replace(/%2C/g, ",");
  }

  function network() {
    var slider = document.getElementById("year-slider");
    if (!slider) return;
    var shown = document.getElementById("year-shown");
    var count = document.getElementById("active-count");
    var box = document.getElementById("active-on");
    function apply() {
      var year = slider.value;
      var active = 0;
      document.querySelectorAll(".edge").forEach(function (edge) {
        var on = activeIn(edge, year);
        edge.classList.toggle("inactive", !on);
        if (on) active += 1;
      });
      document.querySelectorAll(".flow, .flow-row").forEach(function (flow) {
        flow.classList.toggle("inactive", !activeIn(flow, year));
      });
      document.querySelectorAll(".tie-row").forEach(function (row) {
        row.classList.toggle("inactive", !activeIn(row, year));
      });
      shown.textContent = year;
      count.textContent = active;
      if (box) box.value = year;
      document.querySelectorAll("a.api-json, a.api-csv").forEach(function (link) {
        link.setAttribute("href", setParameter(link.getAttribute("href"), "active_on", year));
      });
      window.history.replaceState(null, "", setParameter(window.location.href, "active_on", year));
    }
    slider.addEventListener("input", apply);
  }

  document.addEventListener("DOMContentLoaded", function () {
    timelines();
    network();
  });
})();
