// Fills in a record's key while the editor types the fields it is made from
// (the admin puts data-key-from="id_statement" or "id_state_a id_state_b id_kind id_start"
// on the key box). It stops as soon as the editor types a key of their own; a
// key left empty is also made on the server when the record is saved.
"use strict";
(function () {
    function part(element, words) {
        let text = (element.value || "").trim();
        if (!text) { return ""; }
        if (element.id.endsWith("start") || element.id.endsWith("end")) { text = text.slice(0, 4); }
        text = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
            .replace(/_/g, "-").replace(/[^a-z0-9\s-]/g, "").trim().replace(/[\s-]+/g, "-");
        return text.split("-").slice(0, words).join("-");
    }

    function attach(key) {
        const sources = key.dataset.keyFrom.split(" ").map((id) => document.getElementById(id)).filter(Boolean);
        const words = parseInt(key.dataset.keyWords || "8", 10);
        let own = key.value.trim() !== "";
        key.addEventListener("input", () => { own = key.value.trim() !== ""; });
        const fill = () => {
            if (own) { return; }
            let value = sources.map((source) => part(source, words)).filter(Boolean).join("-");
            if (value.length > 100) { value = value.slice(0, 100).replace(/-[^-]*$/, ""); }
            key.value = value;
        };
        for (const source of sources) {
            source.addEventListener("input", fill);
            source.addEventListener("change", fill);
        }
        // The admin's autocomplete (select2) announces a choice through jQuery only.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(sources).on("change", fill);
        }
    }

    function start() {
        document.querySelectorAll("input[data-key-from]").forEach(attach);
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
